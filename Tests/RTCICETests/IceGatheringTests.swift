import RTCBase
import Testing
@testable import RTCICE

/// Host and server-reflexive candidates (RFC 8445 section 5.1.1).
@Suite struct IceGatheringTests {
    static let server = TransportAddress.v4(198, 51, 100, 1, port: 3478)
    static let deadServer = TransportAddress.v4(198, 51, 100, 2, port: 3478)

    @Test func serverReflexiveCandidateFromAStunServer() throws {
        let network = IceNetwork(delay: .milliseconds(15))
        network.stunServers[Self.server] = .v4(203, 0, 113, 7, port: 41000)
        let host = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1, stunServers: [Self.server])), hosts: [host])
        network.run(until: .seconds(5)) { !network.events(of: 0).contains(.gatheringComplete) }
        let candidates = network.localCandidates(of: 0)
        #expect(candidates.map(\.type) == [.host, .serverReflexive])
        let srflx = candidates[1]
        #expect(srflx.address == .v4(203, 0, 113, 7, port: 41000))
        #expect(srflx.relatedAddress == "10.0.0.1")
        #expect(srflx.relatedPort == 5000)
        #expect(srflx.priority == Candidate.priority(type: .serverReflexive, localPreference: 32767))
        // One round trip of 30 ms: gathering is done at once, not after a timeout.
        #expect(try #require(network.events[0].first { $0.event == .gatheringComplete }?.at) == .milliseconds(30))
    }

    /// Through a NAT: the server-reflexive candidate is what the peer must use, and checks to it work.
    @Test func connectsThroughANATWithAServerReflexiveCandidate() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        let inside = TransportAddress.v4(192, 168, 0, 10, port: 5000)
        let outside = TransportAddress.v4(203, 0, 113, 50, port: 62000)
        network.nat[inside] = outside
        network.stunServers[Self.server] = outside
        let peer = TransportAddress.v4(198, 51, 100, 20, port: 7000)
        network.attach(IceAgent(configuration: .test(.controlled, seed: 1, stunServers: [Self.server])), hosts: [inside])
        network.attach(IceAgent(configuration: .test(.controlling, seed: 2)), hosts: [peer])
        network.run(until: .seconds(2)) { !network.events(of: 0).contains(.gatheringComplete) }
        #expect(network.localCandidates(of: 0).map(\.type) == [.host, .serverReflexive])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[1].selectedPair?.remote == outside)
        #expect(network.agents[0].selectedPair?.local == inside)
        #expect(network.agents[1].remoteCandidates[outside]?.type == .serverReflexive)
    }

    @Test func unreachableServerEndsGatheringAfterCappedRetransmissions() throws {
        let network = IceNetwork()
        let hosts = [TransportAddress.v4(10, 0, 0, 1, port: 5000), TransportAddress(host: "2001:db8::1", port: 5000)!]
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1, stunServers: [Self.deadServer])), hosts: hosts)
        network.run(until: .seconds(10)) { !network.events(of: 0).contains(.gatheringComplete) }
        let done = try #require(network.events[0].first { $0.event == .gatheringComplete }?.at)
        // Five transmissions at 50, 100, 200, 400 and 800 ms; the IPv6 host has no IPv4 server to ask.
        #expect(done == .milliseconds(1550))
        #expect(network.localCandidates(of: 0).map(\.type) == [.host, .host])
        #expect(network.agents[0].stats.requestsSent == 5)
    }

    @Test func reflexiveAddressEqualToTheHostIsRedundant() throws {
        let network = IceNetwork()
        let host = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        network.stunServers[Self.server] = host
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1, stunServers: [Self.server])), hosts: [host])
        network.run(until: .seconds(5)) { !network.events(of: 0).contains(.gatheringComplete) }
        #expect(network.localCandidates(of: 0).map(\.type) == [.host])
    }

    @Test func credentialsAreRandomAndLongEnough() {
        let first = IceCredentials.random()
        let second = IceCredentials.random()
        #expect(first != second)
        for credentials in [first, second] {
            #expect(credentials.ufrag.count >= 4)
            #expect(credentials.pwd.count >= 22)
            #expect((credentials.ufrag + credentials.pwd).allSatisfy { IceCredentials.iceChars.contains($0) })
        }
    }
}

/// STUN servers named after the offer (in `joined`) and reflexive addresses a TURN server reports.
@Suite struct IceLateGatheringTests {
    static let server = TransportAddress.v4(198, 51, 100, 1, port: 3478)

    @Test func stunServersAddedLaterStillGiveAReflexiveCandidate() throws {
        let network = IceNetwork(delay: .milliseconds(10))
        network.stunServers[Self.server] = .v4(203, 0, 113, 7, port: 41000)
        let agent = IceAgent(configuration: .test(.controlling, seed: 1))
        network.attach(agent, hosts: [TransportAddress.v4(10, 0, 0, 1, port: 5000), TransportAddress(host: "2001:db8::1", port: 5000)!])
        network.run(until: .seconds(1)) { !network.events(of: 0).contains(.gatheringComplete) }
        #expect(network.localCandidates(of: 0).map(\.type) == [.host, .host])

        agent.addStunServers([Self.server])
        agent.addStunServers([Self.server])  // the same again asks nothing more
        network.run(until: .seconds(2)) { network.localCandidates(of: 0).count < 3 }
        let reflexive = try #require(network.localCandidates(of: 0).last)
        #expect(reflexive.type == .serverReflexive)
        #expect(reflexive.address == .v4(203, 0, 113, 7, port: 41000))
        #expect(reflexive.relatedAddress == "10.0.0.1")
        // Only the IPv4 host asked (the server is IPv4), once.
        #expect(agent.stats.requestsSent == 1)
        network.run(for: .milliseconds(100))
        #expect(network.events(of: 0).filter { $0 == .gatheringComplete }.count == 2)
    }

    @Test func aTURNServersMappedAddressIsAReflexiveCandidate() {
        let network = IceNetwork()
        let agent = IceAgent(configuration: .test(.controlling, seed: 1))
        let host = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        network.attach(agent, hosts: [host])
        agent.addServerReflexive(.v4(203, 0, 113, 7, port: 41000), base: host)
        agent.addServerReflexive(host, base: host)  // the host itself is redundant
        network.run(for: .milliseconds(10))
        #expect(network.localCandidates(of: 0).map(\.type) == [.host, .serverReflexive])
    }

    @Test func relayOnlyAndLiteAgentsGatherNoReflexiveCandidates() {
        let network = IceNetwork()
        network.stunServers[Self.server] = .v4(203, 0, 113, 7, port: 41000)
        var relayOnly = IceAgent.Configuration.test(.controlling, seed: 1)
        relayOnly.relayOnly = true
        let agents = [IceAgent(configuration: relayOnly), IceAgent(configuration: .test(.controlled, lite: true, seed: 2))]
        network.attach(agents[0], hosts: [TransportAddress.v4(10, 0, 0, 1, port: 5000)])
        network.attach(agents[1], hosts: [TransportAddress.v4(10, 0, 0, 2, port: 5000)])
        for agent in agents { agent.addStunServers([Self.server]) }
        network.run(for: .seconds(1))
        #expect(agents.allSatisfy { $0.stats.requestsSent == 0 })
        #expect(!network.localCandidates(of: 0).contains { $0.type == .serverReflexive })
        #expect(!network.localCandidates(of: 1).contains { $0.type == .serverReflexive })
    }
}
