import KaamosWire
import RTC
import RTCBase
import RTCNetwork

/// The SFU on real sockets: one driver thread owns the UDP sockets (one per local address, all on
/// the same port when one is given) and the engine; signaling calls are thread-safe.
public final class MediaServer: Sendable {
    private let driver: DatagramDriver<SFUEngine>
    private let handlers = SignalHandlers()

    /// - Parameters:
    ///   - addresses: the IPs to listen on (host candidates); nil takes every usable interface.
    ///   - port: the UDP port for every address; 0 lets the system choose per address.
    public init(addresses: [TransportAddress.IP]? = nil, port: UInt16 = 0,
                onEvent: @escaping @Sendable (SFUEvent) -> Void = { _ in }) throws {
        let ips = addresses ?? LocalInterfaces.usableAddresses().map(\.ip)
        var bound: [UDPSocket] = []
        for ip in ips { bound.append(try UDPSocket(binding: TransportAddress(ip: ip, port: port))) }
        var configuration = SFUEngine.Configuration()
        configuration.localAddresses = bound.map(\.localAddress)
        configuration.unixTimeAtZero = .nanoseconds(MonotonicClock.wallClockNanoseconds() - MonotonicClock.now().nanoseconds)
        let engine = try SFUEngine(configuration: configuration)
        let handlers = self.handlers
        // Sockets are bound above to learn their ports; the driver binds its own on the same ones.
        let addresses = bound.map(\.localAddress)
        bound.removeAll()
        driver = try DatagramDriver(engine: engine, bindingTo: addresses) { event in
            if case let .signal(participantID, signal) = event {
                handlers.handler(for: participantID)?(signal)
            }
            onEvent(event)
        }
        driver.start()
    }

    deinit { driver.stop() }

    public var localAddresses: [TransportAddress] { driver.localAddresses }

    public func addParticipant(roomID: String, participantID: String,
                               signal: @escaping @Sendable (SFUSignal) -> Void) throws {
        handlers.set(signal, for: participantID)
        try driver.withEngine { engine, now in try engine.addParticipant(roomID: roomID, participantID: participantID, now: now) }
    }

    public func handleOffer(participantID: String, sdp: String) throws -> String {
        try driver.withEngine { engine, now in try engine.handleOffer(participantID: participantID, sdp: sdp, now: now) }
    }

    public func handleAnswer(participantID: String, sdp: String) throws {
        try driver.withEngine { engine, now in try engine.handleAnswer(participantID: participantID, sdp: sdp, now: now) }
    }

    public func handleCandidate(participantID: String, candidate: IceCandidateInit) throws {
        try driver.withEngine { engine, now in try engine.handleCandidate(participantID: participantID, candidate: candidate, now: now) }
    }

    public func removeParticipant(participantID: String) {
        driver.withEngine { engine, now in engine.removeParticipant(participantID: participantID, now: now) }
        handlers.set(nil, for: participantID)
    }

    public func setForwarding(participantID: String, audio: Bool, video: Bool) {
        driver.withEngine { engine, now in engine.setForwarding(participantID: participantID, audio: audio, video: video, now: now) }
    }

    public func statistics(participantID: String) -> MediaStatistics? {
        driver.withEngine { engine, now in engine.statistics(participantID: participantID, now: now) }
    }

    public var counters: (forwardedPackets: Int64, forwardedBytes: Int64) {
        driver.withEngine { engine, _ in (engine.forwardedPackets, engine.forwardedBytes) }
    }

    public func stop() { driver.stop() }
}

/// Each participant's signaling callback, looked up from the driver thread.
private final class SignalHandlers: @unchecked Sendable {
    private let lock = PThreadLock()
    private var handlers: [String: @Sendable (SFUSignal) -> Void] = [:]

    func set(_ handler: (@Sendable (SFUSignal) -> Void)?, for participantID: String) {
        lock.withLock { handlers[participantID] = handler }
    }

    func handler(for participantID: String) -> (@Sendable (SFUSignal) -> Void)? {
        lock.withLock { handlers[participantID] }
    }
}
