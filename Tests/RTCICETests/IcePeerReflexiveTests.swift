import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// RFC 8445 section 7.3.1.3: a check from an unknown address teaches a peer-reflexive candidate.
@Suite struct IcePeerReflexiveTests {
    @Test func controlledSideLearnsTheControllingSideFromItsChecks() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        let a = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        let b = TransportAddress.v4(10, 0, 0, 2, port: 6000)
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: [a])
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [b])
        // B gets A's credentials but none of its candidates; A gets all of B's.
        try network.signal(from: 0, to: 1, candidates: false)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[0].selectedPair?.remote == b)
        #expect(network.agents[1].selectedPair?.remote == a)
        let learned = try #require(network.agents[1].remoteCandidates[a])
        #expect(learned.type == .peerReflexive)
        // The PRIORITY attribute of A's check, a prflx priority from A's host preference.
        #expect(learned.priority == Candidate.priority(type: .peerReflexive, localPreference: 32767))
    }

    /// Behind a NAT, without a STUN server: the peer learns our public address from our checks, and we
    /// learn it from the XOR-MAPPED-ADDRESS of its answers (RFC 8445 section 7.2.5.3.1).
    @Test func bothSidesLearnPeerReflexiveAddressesThroughANAT() throws {
        let network = IceNetwork(delay: .milliseconds(5))
        let inside = TransportAddress.v4(192, 168, 0, 10, port: 5000)
        let outside = TransportAddress.v4(203, 0, 113, 50, port: 62000)
        let server = TransportAddress.v4(198, 51, 100, 20, port: 7000)
        network.nat[inside] = outside
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: [inside])
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [server])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[0].selectedPair?.local == inside)
        #expect(network.agents[0].selectedPair?.remote == server)
        #expect(network.agents[1].selectedPair?.remote == outside)
        #expect(network.agents[1].remoteCandidates[outside]?.type == .peerReflexive)
        let learned = try #require(network.agents[0].localCandidates.first { $0.type == .peerReflexive })
        #expect(learned.address == outside)
        #expect(learned.relatedAddress == "192.168.0.10")
        // Learned local peer-reflexive candidates are not signalled.
        #expect(network.localCandidates(of: 0).map(\.type) == [.host])
    }

    @Test func linkLocalPeerWithAZoneMatchesItsSignalledCandidate() throws {
        let agent = IceAgent(configuration: .test(.controlled, seed: 4))
        let local = TransportAddress(host: "fe80::1%3", port: 6000)!
        agent.addLocalHost(local)
        agent.setRemoteCredentials(IceCredentials(ufrag: "peer", pwd: "peerpasswordpeerpassword"))
        agent.addRemoteCandidate(try Candidate(attribute: "candidate:7 1 udp 2122317823 fe80::2 5000 typ host"))
        #expect(agent.pairs.count == 1)
        let request = STUNMessage(messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2), attributes: [
            .username(agent.configuration.localCredentials.ufrag + ":peer"), .priority(1000), .iceControlling(tieBreaker: 1),
        ])
        agent.handleDatagram(Datagram(source: TransportAddress(host: "fe80::2%3", port: 5000)!, destination: local,
                                      payload: request.encoded(integrityKey: Array(agent.configuration.localCredentials.pwd.utf8), addFingerprint: true)),
                             now: .zero)
        // The zone-qualified source is the signalled candidate, not a new peer-reflexive one.
        #expect(agent.pairs.count == 1)
        #expect(agent.remoteCandidates.count == 1)
    }

    @Test func checksArrivingBeforeRemoteCredentialsAreAnsweredAndUsedLater() throws {
        let network = IceNetwork()
        let a = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        let b = TransportAddress.v4(10, 0, 0, 2, port: 6000)
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: [a])
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [b])
        try network.signal(from: 1, to: 0)
        // A's checks reach B before B has A's answer (credentials): B can still answer them.
        network.run(until: .milliseconds(100))
        #expect(network.agents[1].stats.responsesSent > 0)
        #expect(network.agents[1].selectedPair == nil)
        try network.signal(from: 0, to: 1, candidates: false)
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[1].selectedPair?.remote == a)
        #expect(network.agents[0].selectedPair?.remote == b)
    }

    @Test func signalledCandidateReplacesPeerReflexiveOne() throws {
        let agent = IceAgent(configuration: .test(.controlled, seed: 4))
        let local = TransportAddress.v4(10, 0, 0, 2, port: 6000)
        let remote = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        agent.addLocalHost(local)
        let peer = IceCredentials(ufrag: "peer", pwd: "peerpasswordpeerpassword")
        agent.setRemoteCredentials(peer)
        let request = STUNMessage(messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2), attributes: [
            .username(agent.configuration.localCredentials.ufrag + ":peer"), .priority(1000), .iceControlling(tieBreaker: 1),
        ])
        agent.handleDatagram(Datagram(source: remote, destination: local,
                                      payload: request.encoded(integrityKey: Array(agent.configuration.localCredentials.pwd.utf8), addFingerprint: true)),
                             now: .zero)
        #expect(agent.remoteCandidates[remote]?.type == .peerReflexive)
        agent.addRemoteCandidate(try Candidate(attribute: "candidate:7 1 udp 2122317823 10.0.0.1 5000 typ host"))
        #expect(agent.remoteCandidates[remote]?.type == .host)
        #expect(agent.pairs.count == 1)
        #expect(agent.pairs[0].remotePriority == 2_122_317_823)
    }
}
