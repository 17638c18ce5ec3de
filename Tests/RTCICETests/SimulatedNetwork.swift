import RTCBase
@testable import RTCICE
import RTCSTUN

/// A virtual network between ICE agents: seeded delay, jitter (hence reordering) and loss, and a
/// clock that only ever jumps to the earliest pending delivery or agent deadline. Nothing sleeps.
final class SimulatedNetwork {
    struct InFlight {
        var deliverAt: Instant
        var sequence: Int
        var datagram: Datagram
    }

    var now: Instant = .zero
    var random: SeededRandom
    var lossRate: Double
    var delay: Duration
    var jitter: Duration
    /// While true every datagram is dropped: a cut cable.
    var blocked = false
    /// Drops the datagrams it returns true for, to lose one kind of message on purpose.
    var dropFilter: ((Datagram) -> Bool)?
    /// Addresses that answer Binding requests like a STUN server, with the given mapped address.
    var stunServers: [TransportAddress: TransportAddress] = [:]
    /// A static one-to-one NAT: datagrams from an inside address leave with the outside address as
    /// their source, and datagrams to the outside address reach the inside one.
    var nat: [TransportAddress: TransportAddress] = [:]

    private(set) var agents: [IceAgent] = []
    private var owners: [TransportAddress: Int] = [:]
    private var inFlight: [InFlight] = []
    private var sequence = 0
    private(set) var events: [[(at: Instant, event: IceEvent)]] = []
    private(set) var delivered = 0
    private(set) var dropped = 0
    /// Set when an agent kept asking to be woken at a time that had already passed.
    private(set) var spun = false

    init(seed: UInt64 = 1, lossRate: Double = 0, delay: Duration = .zero, jitter: Duration = .zero) {
        random = SeededRandom(seed: seed)
        self.lossRate = lossRate
        self.delay = delay
        self.jitter = jitter
    }

    @discardableResult
    func attach(_ agent: IceAgent, hosts: [TransportAddress]) -> Int {
        let index = agents.count
        agents.append(agent)
        events.append([])
        for host in hosts {
            owners[host] = index
            agent.addLocalHost(host)
        }
        drain()
        return index
    }

    /// Gives an agent a relayed address: datagrams to it reach the agent as if a TURN server
    /// relayed them, and the agent may send from it.
    func addRelay(_ relayed: TransportAddress, related: TransportAddress?, to index: Int) {
        owners[relayed] = index
        agents[index].addLocalRelay(relayed, relatedAddress: related)
        drain()
    }

    func events(of index: Int) -> [IceEvent] { events[index].map(\.event) }

    func states(of index: Int) -> [IceConnectionState] {
        events[index].compactMap { if case let .connectionStateChanged(state) = $0.event { state } else { nil } }
    }

    func localCandidates(of index: Int) -> [Candidate] {
        events[index].compactMap { if case let .localCandidate(candidate) = $0.event { candidate } else { nil } }
    }

    /// When the agent first reported `state`.
    func time(of index: Int, reaching state: IceConnectionState) -> Instant? {
        events[index].first { $0.event == .connectionStateChanged(state) }?.at
    }

    /// Signals credentials and candidates between two agents the way SDP does: as text.
    func signal(from source: Int, to destination: Int, candidates: Bool = true) throws {
        agents[destination].setRemoteCredentials(agents[source].configuration.localCredentials)
        guard candidates else { return }
        for candidate in localCandidates(of: source) {
            agents[destination].addRemoteCandidate(try Candidate(attribute: "a=" + candidate.attributeValue))
        }
    }

    /// Runs until `limit` or until `condition` turns false, whichever comes first.
    func run(until limit: Instant, while condition: () -> Bool = { true }) {
        var idle = 0
        while condition() {
            drain()
            let nextDelivery = inFlight.map(\.deliverAt).min()
            let nextTimer = agents.compactMap { $0.nextTimeout() }.min()
            guard let next = earliest(nextDelivery, nextTimer), next <= limit else {
                now = max(now, limit)
                return
            }
            idle = next <= now ? idle + 1 : 0
            if idle > 10_000 {
                spun = true
                return
            }
            now = max(now, next)
            let due = inFlight.filter { $0.deliverAt <= now }.sorted { ($0.deliverAt, $0.sequence) < ($1.deliverAt, $1.sequence) }
            inFlight.removeAll { $0.deliverAt <= now }
            for item in due { deliver(item.datagram) }
            for agent in agents where (agent.nextTimeout().map { $0 <= now } ?? false) {
                agent.handleTimeout(now: now)
            }
        }
        drain()
    }

    func run(for duration: Duration, while condition: () -> Bool = { true }) {
        run(until: now + duration, while: condition)
    }

    private func deliver(_ arriving: Datagram) {
        var datagram = arriving
        if let inside = nat.first(where: { $0.value == datagram.destination })?.key { datagram.destination = inside }
        if let index = owners[datagram.destination] {
            delivered += 1
            agents[index].handleDatagram(datagram, now: now)
        } else if let mapped = stunServers[datagram.destination],
                  let request = try? STUNMessage(bytes: datagram.payload), request.messageClass == .request {
            let response = STUNMessage(messageClass: .successResponse, transactionID: request.transactionID,
                                       attributes: [.xorMappedAddress(mapped)])
            send(Datagram(source: datagram.destination, destination: datagram.source,
                          payload: response.encoded(integrityKey: nil, addFingerprint: true)))
        } else {
            dropped += 1
        }
    }

    private func send(_ leaving: Datagram) {
        var datagram = leaving
        if let outside = nat[datagram.source] { datagram.source = outside }
        if blocked || dropFilter?(datagram) == true || Double(random.next() >> 11) / Double(UInt64(1) << 53) < lossRate {
            dropped += 1
            return
        }
        let spread = Double(random.next() >> 11) / Double(UInt64(1) << 53)
        sequence += 1
        inFlight.append(InFlight(deliverAt: now + delay + jitter * spread, sequence: sequence, datagram: datagram))
    }

    /// Moves every agent's output onto the wire or into its event log.
    func drain() {
        var moved = true
        while moved {
            moved = false
            for (index, agent) in agents.enumerated() {
                while let output = agent.pollOutput() {
                    moved = true
                    switch output {
                    case let .transmit(datagram): send(datagram)
                    case let .event(event): events[index].append((now, event))
                    }
                }
            }
        }
    }
}

extension IceAgent.Configuration {
    /// A deterministic configuration for tests.
    static func test(_ role: IceRole, lite: Bool = false, seed: UInt64, pacing: Duration = .milliseconds(20),
                     stunServers: [TransportAddress] = []) -> IceAgent.Configuration {
        var random = SeededRandom(seed: seed)
        return IceAgent.Configuration(role: role, lite: lite, localCredentials: .random(using: &random),
                                      tieBreaker: random.next(), stunServers: stunServers, pacing: pacing,
                                      randomSeed: seed)
    }
}

extension TransportAddress {
    static func v4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) -> TransportAddress {
        TransportAddress(ip: .v4(a, b, c, d), port: port)
    }
}

extension Instant {
    static func seconds(_ value: Int64) -> Instant { .milliseconds(value * 1000) }
}
