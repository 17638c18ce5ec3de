import RTCBase

/// A TURN server a peer connection allocates a relayed candidate on (RFC 8656), with long-term
/// credentials. Calls reach it over UDP from one of the connection's own sockets; TCP and TLS to the
/// server are for `turn-check`, whose driver owns stream sockets.
public struct RelayServer: Sendable, Hashable {
    /// Already resolved: engines do no DNS.
    public var address: TransportAddress
    public var username: String
    public var password: String

    public init(address: TransportAddress, username: String, password: String) {
        self.address = address
        self.username = username
        self.password = password
    }
}
