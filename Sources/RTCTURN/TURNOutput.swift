/// One item drained from `TURNClient.pollOutput()`.
public enum TURNOutput: Sendable, Equatable {
    /// Bytes for the TURN server: one datagram over UDP, the next piece of the stream over TCP or TLS.
    case send([UInt8])
    case event(TURNEvent)
}
