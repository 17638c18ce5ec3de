/// How the client reaches the TURN server (RFC 8656 section 3.1). The relay to peers is always UDP.
public enum TURNTransport: String, Sendable, CaseIterable {
    case udp
    case tcp
    case tls

    /// Over a byte stream, messages must be framed (`TURNStreamFramer`), ChannelData padded to 4 bytes
    /// and requests are never retransmitted (the stream does that).
    public var isStream: Bool { self != .udp }
}
