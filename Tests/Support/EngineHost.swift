import RTCBase

/// A sans-IO engine (a peer connection, an SFU, an ICE agent behind a wrapper) as a host of a
/// `SimulatedNetwork`: it keeps the engine's events with the virtual time they came out at.
public final class EngineHost<Engine: DatagramEngine>: SimulatedHost {
    public let engine: Engine
    public private(set) var events: [(at: Instant, event: Engine.Event)] = []
    private let react: (Engine.Event, Instant) -> Void

    /// `react` sees each event as it comes out (to answer a renegotiation offer, say).
    public init(_ engine: Engine, react: @escaping (Engine.Event, Instant) -> Void = { _, _ in }) {
        self.engine = engine
        self.react = react
    }

    public func nextTimeout() -> Instant? { engine.nextTimeout() }
    public func handleTimeout(now: Instant) { engine.handleTimeout(now: now) }
    public func handleDatagram(_ datagram: Datagram, now: Instant) { engine.handleDatagram(datagram, now: now) }

    public func drainOutputs(now: Instant, send: (Datagram) -> Void) -> Bool {
        var moved = false
        while let output = engine.pollOutput() {
            moved = true
            switch output {
            case let .transmit(datagram): send(datagram)
            case let .event(event):
                events.append((now, event))
                react(event, now)
            }
        }
        return moved
    }
}
