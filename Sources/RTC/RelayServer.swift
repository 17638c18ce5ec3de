import RTCBase
import RTCTURN

/// A TURN server a peer connection allocates a relayed candidate on (RFC 8656), with long-term
/// credentials. Over UDP the connection reaches it from one of its own sockets; over TCP or TLS the
/// driver opens a stream to it and hands the connection over with `attachRelayLink(to:local:now:)`.
public struct RelayServer: Sendable, Hashable {
    /// Already resolved: engines do no DNS.
    public var address: TransportAddress
    /// How the server is reached; the relay to peers is UDP in every case.
    public var transport: TURNTransport
    public var username: String
    public var password: String

    public init(address: TransportAddress, transport: TURNTransport = .udp, username: String, password: String) {
        self.address = address
        self.transport = transport
        self.username = username
        self.password = password
    }
}
