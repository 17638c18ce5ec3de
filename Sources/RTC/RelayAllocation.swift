import RTCBase
import RTCTURN

/// One TURN allocation of a peer connection: the client engine, the socket it talks from, and the
/// relayed address once the server granted it.
final class RelayAllocation {
    let server: RelayServer
    /// The local socket the TURN traffic uses; datagrams from the server to it belong here.
    let base: TransportAddress
    let client: TURNClient
    private(set) var relayed: TransportAddress?
    /// Reported to ICE, as a candidate or as a failure; ICE is told at most once.
    var reportedToICE = false
    var failed = false

    init(server: RelayServer, base: TransportAddress, seed: UInt64?) {
        self.server = server
        self.base = base
        var configuration = TURNClient.Configuration(server: server.address, transport: .udp,
                                                     username: server.username, password: server.password)
        configuration.software = "kaamos"
        configuration.randomSeed = seed
        client = TURNClient(configuration: configuration)
    }

    func allocated(_ address: TransportAddress) { relayed = address }

    /// Whether a datagram arrived from this allocation's server on its socket.
    func owns(_ datagram: Datagram) -> Bool {
        datagram.source == server.address && datagram.destination == base
    }
}
