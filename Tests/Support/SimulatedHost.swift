import RTCBase

/// One machine on a `SimulatedNetwork`: a sans-IO engine (an ICE agent, a peer connection, an SFU)
/// behind an adapter that keeps the engine's events and hands its datagrams to the network.
public protocol SimulatedHost: AnyObject {
    func nextTimeout() -> Instant?
    func handleTimeout(now: Instant)
    func handleDatagram(_ datagram: Datagram, now: Instant)
    /// Drains the engine's outputs: datagrams go to `send`, events stay with the adapter.
    /// Returns whether anything came out, so the network drains again until every host is quiet.
    func drainOutputs(now: Instant, send: (Datagram) -> Void) -> Bool
}
