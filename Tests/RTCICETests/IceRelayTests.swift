import RTCBase
import Testing
@testable import RTCICE

/// Relayed candidates (RFC 8445 section 5.1.1.2) and the "relay" transport policy. The TURN layer is
/// the owner's; here the network simply delivers datagrams for the relayed address to the agent.
@Suite struct IceRelayTests {
    static let relayed = TransportAddress.v4(198, 51, 100, 9, port: 49152)
    static let mapped = TransportAddress.v4(203, 0, 113, 7, port: 41000)

    @Test func relayOnlyOffersOnlyTheRelayedCandidateAndConnectsThroughIt() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        var configuration = IceAgent.Configuration.test(.controlling, seed: 1)
        configuration.relayOnly = true
        let agent = IceAgent(configuration: configuration)
        let host = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        network.attach(agent, hosts: [host])
        agent.relayGatheringStarted()
        network.run(for: .milliseconds(100))
        // Nothing to say until the allocation is done: no host candidate, gathering not complete.
        #expect(network.localCandidates(of: 0).isEmpty)
        #expect(!network.events(of: 0).contains(.gatheringComplete))

        network.addRelay(Self.relayed, related: Self.mapped, to: 0)
        network.run(for: .milliseconds(10))
        let candidates = network.localCandidates(of: 0)
        #expect(candidates.map(\.type) == [.relayed])
        #expect(candidates.first?.priority == Candidate.priority(type: .relayed, localPreference: 32767))
        #expect(candidates.first?.relatedAddress == "203.0.113.7")
        #expect(network.events(of: 0).contains(.gatheringComplete))

        let peer = TransportAddress.v4(198, 51, 100, 20, port: 7000)
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [peer])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[0].selectedPair?.local == Self.relayed)
        #expect(network.agents[1].selectedPair?.remote == Self.relayed)
    }

    @Test func directPathWinsOverTheRelayWhenBothWork() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        let host = TransportAddress.v4(198, 51, 100, 1, port: 5000)
        let agent = IceAgent(configuration: .test(.controlling, seed: 1))
        network.attach(agent, hosts: [host])
        agent.relayGatheringStarted()
        network.addRelay(Self.relayed, related: Self.mapped, to: 0)
        network.run(for: .milliseconds(10))
        #expect(network.localCandidates(of: 0).map(\.type) == [.host, .relayed])

        let peer = TransportAddress.v4(198, 51, 100, 20, port: 7000)
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [peer])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[0].selectedPair?.local == host)
    }

    @Test func aFailedAllocationStillLetsGatheringComplete() throws {
        let network = IceNetwork()
        let agent = IceAgent(configuration: .test(.controlling, seed: 1))
        network.attach(agent, hosts: [TransportAddress.v4(10, 0, 0, 1, port: 5000)])
        agent.relayGatheringStarted()
        network.run(for: .milliseconds(100))
        #expect(!network.events(of: 0).contains(.gatheringComplete))
        agent.relayGatheringFailed()
        network.run(for: .milliseconds(10))
        #expect(network.events(of: 0).contains(.gatheringComplete))
    }

    @Test func relayOnlyFailsAtOnceWhenEveryAllocationFailed() throws {
        let network = IceNetwork()
        var configuration = IceAgent.Configuration.test(.controlling, seed: 1)
        configuration.relayOnly = true
        let agent = IceAgent(configuration: configuration)
        network.attach(agent, hosts: [TransportAddress.v4(10, 0, 0, 1, port: 5000)])
        agent.relayGatheringStarted()
        agent.relayGatheringStarted()
        agent.relayGatheringFailed()
        network.run(for: .milliseconds(10))
        #expect(agent.connectionState == .new)
        agent.relayGatheringFailed()
        network.run(for: .milliseconds(10))
        #expect(agent.connectionState == .failed)
        #expect(network.time(of: 0, reaching: .failed) == .milliseconds(10))
    }

    @Test func relayOnlyIgnoresChecksArrivingOnAHostSocket() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        var configuration = IceAgent.Configuration.test(.controlled, seed: 1)
        configuration.relayOnly = true
        let host = TransportAddress.v4(198, 51, 100, 1, port: 5000)
        network.attach(IceAgent(configuration: configuration), hosts: [host])
        let peer = TransportAddress.v4(198, 51, 100, 20, port: 7000)
        network.attach(IceAgent(configuration: .test(.controlling, seed: 2)), hosts: [peer])
        // The peer learns our host address some other way and checks it: we must not answer.
        network.agents[1].setRemoteCredentials(network.agents[0].configuration.localCredentials)
        network.agents[1].addRemoteCandidate(Candidate(foundation: "1", priority: 1, address: host, type: .host))
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(3))
        #expect(network.agents[0].selectedPair == nil)
        #expect(network.agents[1].selectedPair == nil)
    }
}
