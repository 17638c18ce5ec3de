import RTCBase

/// One item drained from `IceAgent.pollOutput()`.
public enum IceOutput: Sendable {
    /// Send this datagram from the socket bound to `datagram.source`.
    case transmit(Datagram)
    case event(IceEvent)
}
