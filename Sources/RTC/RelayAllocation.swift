import RTCBase
import RTCTURN

/// One TURN allocation of a peer connection: the client engine, the local address its traffic uses,
/// and the relayed address once the server granted it.
final class RelayAllocation {
    let server: RelayServer
    /// The local address the TURN traffic uses: a UDP socket of ours, or the local end of the stream
    /// the driver connected to the server. nil while that stream is being opened.
    private(set) var base: TransportAddress?
    let client: TURNClient
    private(set) var relayed: TransportAddress?
    /// Reported to ICE, as a candidate or as a failure; ICE is told at most once.
    var reportedToICE = false
    var failed = false

    init(server: RelayServer, base: TransportAddress?, seed: UInt64?) {
        self.server = server
        self.base = base
        var configuration = TURNClient.Configuration(server: server.address, transport: server.transport,
                                                     username: server.username, password: server.password)
        configuration.software = "kaamos"
        configuration.randomSeed = seed
        client = TURNClient(configuration: configuration)
    }

    /// Whether the allocation waits for the driver's stream to its server.
    var awaitsLink: Bool { base == nil && !failed }

    func linked(from local: TransportAddress) { base = local }

    func allocated(_ address: TransportAddress) { relayed = address }

    /// Whether a datagram (or, over a stream, the next bytes) arrived from this allocation's server
    /// at its base.
    func owns(_ datagram: Datagram) -> Bool {
        base != nil && datagram.source == server.address && datagram.destination == base
    }
}
