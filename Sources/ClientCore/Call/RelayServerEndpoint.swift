import RTC

/// A TURN server a call allocates on: resolved for the engine, with the host name its URL gave,
/// which a TLS connection sends as SNI and checks the certificate against.
public struct RelayServerEndpoint: Sendable, Hashable {
    public var server: RelayServer
    /// As written in the `turn:`/`turns:` URL (a name or an IP literal, without brackets).
    public var host: String

    public init(server: RelayServer, host: String) {
        self.server = server
        self.host = host
    }
}
