import RTC
import RTCBase

/// Two or more peer connections on a simulated network and a virtual clock: datagrams are delivered
/// after a delay, some are lost (seeded), and time always jumps to the next thing that happens.
final class VirtualNetwork {
    struct Peer {
        let connection: PeerConnection
        let address: TransportAddress
        var events: [PeerConnectionEvent] = []
    }

    private(set) var now = Instant.milliseconds(1_000)
    var peers: [Peer] = []
    private var inFlight: [(deliverAt: Instant, datagram: Datagram)] = []
    var random = SeededRandom(seed: 7)
    var delay: Duration = .milliseconds(5)
    /// Up to this much extra delay per datagram, drawn per datagram: reorders packets.
    var jitter: Duration = .zero
    /// Probability of losing each media (RTP/RTCP) datagram.
    var mediaLoss = 0.0
    /// Probability of losing any datagram at all.
    var loss = 0.0
    private(set) var delivered = 0
    private(set) var dropped = 0

    @discardableResult
    func add(_ connection: PeerConnection, address: TransportAddress) -> Int {
        peers.append(Peer(connection: connection, address: address))
        connection.addLocalAddresses([address], now: now)
        drain()
        return peers.count - 1
    }

    /// Moves outputs of every peer into the network or its event list.
    func drain() {
        for index in peers.indices {
            while let output = peers[index].connection.pollOutput() {
                switch output {
                case let .event(event):
                    peers[index].events.append(event)
                case let .transmit(datagram):
                    let isMedia = (datagram.payload.first ?? 0) >= 128
                    let chance = Double(random.next() % 1_000_000) / 1_000_000
                    if chance < loss || (isMedia && chance < mediaLoss) {
                        dropped += 1
                    } else {
                        let extra = jitter == .zero ? Duration.zero
                            : .nanoseconds(Int64(random.next() % UInt64(max(1, jitter.nanosecondsClamped))))
                        inFlight.append((now + delay + extra, datagram))
                    }
                }
            }
        }
    }

    /// Runs until `condition` holds or `limit` of virtual time passes; returns whether it held.
    @discardableResult
    func run(for limit: Duration, until condition: () -> Bool = { false }) -> Bool {
        let end = now + limit
        drain()
        while !condition() {
            let nextDelivery = inFlight.map(\.deliverAt).min()
            let nextTimer = peers.compactMap { $0.connection.nextTimeout() }.min()
            guard let next = earliest(nextDelivery, nextTimer), next <= end else {
                now = end
                return condition()
            }
            now = max(now, next)
            if let index = inFlight.indices.filter({ inFlight[$0].deliverAt <= now }).min(by: { inFlight[$0].deliverAt < inFlight[$1].deliverAt }) {
                let (_, datagram) = inFlight.remove(at: index)
                if let peer = peers.first(where: { $0.address == datagram.destination }) {
                    delivered += 1
                    peer.connection.handleDatagram(datagram, now: now)
                }
            } else {
                for peer in peers where (peer.connection.nextTimeout() ?? end) <= now {
                    peer.connection.handleTimeout(now: now)
                }
            }
            drain()
        }
        return true
    }

    /// Runs `body` at the current virtual time and drains what it produced.
    func perform(_ body: (Instant) throws -> Void) rethrows {
        try body(now)
        drain()
    }
}
