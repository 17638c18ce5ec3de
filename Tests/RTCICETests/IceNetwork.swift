import KaamosTestSupport
import RTCBase
@testable import RTCICE
import RTCSTUN

/// ICE agents on the shared `SimulatedNetwork`, with each agent's events and when they happened.
final class IceNetwork: SimulatedNetwork {
    private(set) var agents: [IceAgent] = []
    private var hosts: [EngineHost<IceAgentEngine>] = []

    init(seed: UInt64 = 1, lossRate: Double = 0, delay: Duration = .zero, jitter: Duration = .zero) {
        super.init(seed: seed, start: .zero, delay: delay, jitter: jitter, loss: lossRate)
    }

    @discardableResult
    func attach(_ agent: IceAgent, hosts addresses: [TransportAddress]) -> Int {
        let host = EngineHost(IceAgentEngine(agent))
        agents.append(agent)
        hosts.append(host)
        connect(host, at: addresses)
        for address in addresses { agent.addLocalHost(address) }
        drain()
        return agents.count - 1
    }

    /// Gives an agent a relayed address: datagrams to it reach the agent as if a TURN server
    /// relayed them, and the agent may send from it.
    func addRelay(_ relayed: TransportAddress, related: TransportAddress?, to index: Int) {
        connect(hosts[index], at: [relayed])
        agents[index].addLocalRelay(relayed, relatedAddress: related)
        drain()
    }

    /// Each agent's events with the virtual time they came out at.
    var events: [[(at: Instant, event: IceEvent)]] { hosts.map(\.events) }

    func events(of index: Int) -> [IceEvent] { hosts[index].events.map(\.event) }

    func states(of index: Int) -> [IceConnectionState] {
        hosts[index].events.compactMap { if case let .connectionStateChanged(state) = $0.event { state } else { nil } }
    }

    func localCandidates(of index: Int) -> [Candidate] {
        hosts[index].events.compactMap { if case let .localCandidate(candidate) = $0.event { candidate } else { nil } }
    }

    /// When the agent first reported `state`.
    func time(of index: Int, reaching state: IceConnectionState) -> Instant? {
        hosts[index].events.first { $0.event == .connectionStateChanged(state) }?.at
    }

    /// Signals credentials and candidates between two agents the way SDP does: as text.
    func signal(from source: Int, to destination: Int, candidates: Bool = true) throws {
        agents[destination].setRemoteCredentials(agents[source].configuration.localCredentials)
        guard candidates else { return }
        for candidate in localCandidates(of: source) {
            agents[destination].addRemoteCandidate(try Candidate(attribute: "a=" + candidate.attributeValue))
        }
    }
}

/// An ICE agent in the shape of the other engines, so the network can host it.
final class IceAgentEngine: DatagramEngine {
    let agent: IceAgent

    init(_ agent: IceAgent) { self.agent = agent }

    func handleDatagram(_ datagram: Datagram, now: Instant) { agent.handleDatagram(datagram, now: now) }
    func handleTimeout(now: Instant) { agent.handleTimeout(now: now) }
    func nextTimeout() -> Instant? { agent.nextTimeout() }

    func pollOutput() -> EngineOutput<IceEvent>? {
        switch agent.pollOutput() {
        case let .transmit(datagram)?: .transmit(datagram)
        case let .event(event)?: .event(event)
        case nil: nil
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
