/// Which side of the DTLS handshake this endpoint plays (RFC 5763 section 5: a=setup decides).
public enum DTLSRole: Sendable, Hashable {
    /// Sends the ClientHello (a=setup:active).
    case client
    /// Waits for the ClientHello (a=setup:passive).
    case server
}
