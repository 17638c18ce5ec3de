/// What a sans-IO engine asks of its driver: send this datagram, or tell the application this.
public enum EngineOutput<Event> {
    case transmit(Datagram)
    case event(Event)
}

/// The shape every top-level protocol engine has (a peer connection, a server's set of them):
/// the driver feeds datagrams and timeouts with `now`, then drains outputs until none is left.
public protocol DatagramEngine: AnyObject {
    associatedtype Event

    func handleDatagram(_ datagram: Datagram, now: Instant)
    func handleTimeout(now: Instant)
    /// The earliest instant at which `handleTimeout` has work to do; nil when idle.
    func nextTimeout() -> Instant?
    func pollOutput() -> EngineOutput<Event>?
    /// A stream the driver carried for the engine (a TCP or TLS connection to a server, whose bytes
    /// arrive as datagrams from `remote` to `local`) closed or broke; nothing more comes from it and
    /// nothing more can be sent on it.
    func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant)
}

extension DatagramEngine {
    /// Engines that never ask for streams have nothing to do when one closes.
    public func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant) {}
}
