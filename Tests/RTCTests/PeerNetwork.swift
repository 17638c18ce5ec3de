import KaamosTestSupport
import RTC
import RTCBase

/// Peer connections on the shared `SimulatedNetwork` (5 ms one way, seed 7), with each peer's events.
final class PeerNetwork: SimulatedNetwork {
    struct Peer {
        let connection: PeerConnection
        let address: TransportAddress
        var events: [PeerConnectionEvent] { host.events.map(\.event) }
        fileprivate let host: EngineHost<PeerConnection>
    }

    private(set) var peers: [Peer] = []

    init() {
        super.init(seed: 7, start: .milliseconds(1_000), delay: .milliseconds(5))
    }

    @discardableResult
    func add(_ connection: PeerConnection, address: TransportAddress) -> Int {
        let host = EngineHost(connection)
        peers.append(Peer(connection: connection, address: address, host: host))
        connect(host, at: [address])
        connection.addLocalAddresses([address], now: now)
        drain()
        return peers.count - 1
    }
}
