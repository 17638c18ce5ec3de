import RTCBase

/// An engine behind an emulated link, to its driver an engine like any other: what it transmits
/// goes through the uplink before the driver sends it, and the datagrams the driver hands in go
/// through the downlink before the engine sees them. Its `nextTimeout` is the earliest of the
/// engine's and both links' next deliveries, and `handleTimeout` delivers what is due (the
/// uplink's to the driver, the downlink's to the engine) before letting the engine run. Events
/// pass through unchanged. A direction without a profile passes everything at once and costs a
/// branch per datagram.
///
/// Streams (a TCP or TLS connection to a TURN server, its bytes carried as datagrams) pass
/// unimpaired once `passUnimpaired(local:remote:)` names them: losing or reordering a piece of a
/// byte stream would break its framing, where a real TCP would retransmit, and modelling that
/// is a TCP stack's work. So they are left alone, as the signaling WebSocket is.
///
/// Sans-IO like the engine: `now` comes from the driver. Calls that reach the engine otherwise
/// (signaling, media) go through `engine(at:)`, so the transmits they produce enter the uplink at
/// the right time: `pollOutput` has no `now` of its own and uses the latest one it was given.
public final class ImpairedEngine<Engine: DatagramEngine>: DatagramEngine {
    public typealias Event = Engine.Event

    private let wrapped: Engine
    public private(set) var uplink: EmulatedLink?
    public private(set) var downlink: EmulatedLink?
    private var now: Instant?
    private var due = OutputQueue<EngineOutput<Event>>()
    private var streams: Set<StreamKey> = []

    private struct StreamKey: Hashable {
        var local: TransportAddress
        var remote: TransportAddress
    }

    /// Profiles that impair nothing (`LinkProfile.unlimited`) are taken as no link at all. With a
    /// seed the two directions draw from different seeds of it, so their losses are independent.
    public init(engine: Engine, uplink: LinkProfile?, downlink: LinkProfile?, seed: UInt64? = nil) {
        wrapped = engine
        self.uplink = uplink.flatMap { $0.impairs ? EmulatedLink(profile: $0, seed: seed) : nil }
        self.downlink = downlink.flatMap { $0.impairs ? EmulatedLink(profile: $0, seed: seed.map { $0 &+ 1 }) : nil }
    }

    /// The wrapped engine, for calls other than datagrams and timeouts; what they transmit enters
    /// the uplink at `now`.
    public func engine(at now: Instant) -> Engine {
        advance(to: now)
        return wrapped
    }

    /// The engine without taking a time, for reading its state.
    public var engine: Engine { wrapped }

    /// Datagrams between these addresses, both ways, belong to a stream and skip the links.
    /// Named before the driver carries the stream; forgotten when it closes.
    public func passUnimpaired(local: TransportAddress, remote: TransportAddress) {
        streams.insert(StreamKey(local: local, remote: remote))
    }

    public func handleDatagram(_ datagram: Datagram, now: Instant) {
        let now = advance(to: now)
        guard downlink != nil, !streams.contains(StreamKey(local: datagram.destination, remote: datagram.source)) else {
            wrapped.handleDatagram(datagram, now: now)
            return
        }
        downlink?.send(datagram, now: now)
        deliverDue(now: now)
    }

    public func handleTimeout(now: Instant) {
        let now = advance(to: now)
        deliverDue(now: now)
        if let deadline = wrapped.nextTimeout(), deadline <= now { wrapped.handleTimeout(now: now) }
    }

    public func nextTimeout() -> Instant? {
        earliest(wrapped.nextTimeout(), uplink?.nextDelivery(), downlink?.nextDelivery())
    }

    public func pollOutput() -> EngineOutput<Event>? {
        while true {
            if let output = due.take() { return output }
            guard let output = wrapped.pollOutput() else { return nil }
            guard case let .transmit(datagram) = output, uplink != nil,
                  !streams.contains(StreamKey(local: datagram.source, remote: datagram.destination)) else { return output }
            // Outputs only come after a call that gave a time.
            let now = now ?? .zero
            uplink?.send(datagram, now: now)
            for datagram in uplink?.deliver(now: now) ?? [] { due.append(.transmit(datagram)) }
        }
    }

    public func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant) {
        advance(to: now)
        streams.remove(StreamKey(local: local, remote: remote))
        wrapped.handleStreamClosed(local: local, remote: remote, reason: reason, now: now)
    }

    /// The uplink's datagrams that are due go out with the next outputs; the downlink's go to the
    /// engine now, in order.
    private func deliverDue(now: Instant) {
        for datagram in uplink?.deliver(now: now) ?? [] { due.append(.transmit(datagram)) }
        for datagram in downlink?.deliver(now: now) ?? [] { wrapped.handleDatagram(datagram, now: now) }
    }

    /// The driver's clock never goes back, but the callers' readings of it may arrive out of
    /// order by a little; the links see time only move forward.
    @discardableResult
    private func advance(to instant: Instant) -> Instant {
        if let now, now >= instant { return now }
        now = instant
        return instant
    }
}
