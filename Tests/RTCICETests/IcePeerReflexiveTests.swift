import RTCBase
import Testing
@testable import RTCICE

/// RFC 8445 section 7.3.1.3: a check from an unknown address teaches a peer-reflexive candidate.
@Suite struct IcePeerReflexiveTests {
    @Test func controlledSideLearnsTheControllingSideFromItsChecks() throws {
        let network = SimulatedNetwork(delay: .milliseconds(5))
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

    @Test func checksArrivingBeforeRemoteCredentialsAreAnsweredAndUsedLater() throws {
        let network = SimulatedNetwork()
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
