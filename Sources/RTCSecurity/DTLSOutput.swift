/// What a `DTLSTransport` asks of its driver, in order.
public enum DTLSOutput: Sendable, Equatable {
    /// Send this datagram to the peer (it fits the MTU).
    case transmit([UInt8])
    /// The handshake finished and the peer's certificate matched its fingerprint; key SRTP with this.
    case connected(SRTPKeyingMaterial)
    /// Decrypted application data from the peer (WebRTC carries none outside data channels).
    case applicationData([UInt8])
    /// The association failed for good.
    case failed(DTLSError)
    /// The peer closed the association (close_notify).
    case closed
}
