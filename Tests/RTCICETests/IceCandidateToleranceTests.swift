import RTCBase
import Testing
@testable import RTCICE

/// Candidates the agent cannot use are ignored without error, and do not stop it from connecting.
@Suite struct IceCandidateToleranceTests {
    @Test func unusableCandidatesAreIgnored() throws {
        let agent = IceAgent(configuration: .test(.controlling, seed: 1))
        agent.addLocalHost(.v4(10, 0, 0, 1, port: 5000))
        let ignored = [
            "candidate:1 1 udp 2113937151 0b1f8e54-3a1c-4a8e-b5a2-9f0d1e2c3b4a.local 60321 typ host",
            "candidate:2 1 tcp 1518280447 10.0.0.2 9 typ host tcptype active",
            "candidate:3 1 sctp 1 10.0.0.2 9 typ host",
            "candidate:4 2 udp 2122317822 10.0.0.2 6001 typ host",
        ]
        for text in ignored { #expect(agent.addRemoteCandidate(try Candidate(attribute: text)) == false) }
        #expect(agent.pairs.isEmpty)
        #expect(agent.addRemoteCandidate(try Candidate(attribute: "candidate:5 1 udp 2122317823 10.0.0.2 6000 typ host")))
        #expect(agent.pairs.count == 1)
        // IPv6 candidates do not pair with an IPv4 host.
        #expect(agent.addRemoteCandidate(try Candidate(attribute: "candidate:6 1 udp 2122317823 2001:db8::2 6000 typ host")))
        #expect(agent.pairs.count == 1)
    }

    @Test func connectsDespiteMulticastDNSAndTCPAndGarbage() throws {
        let network = IceNetwork()
        let a = TransportAddress.v4(10, 0, 0, 1, port: 5000)
        let b = TransportAddress.v4(10, 0, 0, 2, port: 6000)
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: [a])
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: [b])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0, candidates: false)
        let remoteLines = [
            "a=candidate:1 1 udp 2113937151 0b1f8e54-3a1c-4a8e-b5a2-9f0d1e2c3b4a.local 60321 typ host generation 0",
            "a=candidate:2 1 tcp 1518280447 10.0.0.2 9 typ host tcptype active generation 0",
            "a=candidate:garbage here",
            "a=candidate:3 1 udp 2122317823 10.0.0.2 6000 typ host generation 0 ufrag x network-id 1",
        ]
        for line in remoteLines {
            if let candidate = try? Candidate(attribute: line) { network.agents[0].addRemoteCandidate(candidate) }
        }
        network.run(until: .seconds(5)) { network.agents.contains { $0.selectedPair == nil } }
        #expect(network.agents[0].selectedPair?.remote == b)
        #expect(network.agents[1].selectedPair?.remote == a)
    }

    @Test func nonSTUNDatagramsAreCountedAndIgnored() throws {
        let agent = IceAgent(configuration: .test(.controlled, seed: 1))
        agent.addLocalHost(.v4(10, 0, 0, 1, port: 5000))
        while agent.pollOutput() != nil {}
        for payload in [[UInt8](), [0x16, 0xFE, 0xFD], [UInt8](repeating: 0x80, count: 40)] {
            agent.handleDatagram(Datagram(source: .v4(10, 0, 0, 2, port: 1), destination: .v4(10, 0, 0, 1, port: 5000), payload: payload), now: .zero)
        }
        #expect(agent.stats.malformedReceived == 3)
        #expect(agent.pollOutput() == nil)
    }

    @Test func everythingFailsWhenNoPairWorksAndThePeerIsDone() throws {
        let network = IceNetwork()
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: [.v4(10, 0, 0, 1, port: 5000)])
        network.agents[0].setRemoteCredentials(IceCredentials(ufrag: "nobody", pwd: "nobodynobodynobodynobody"))
        network.agents[0].addRemoteCandidate(try Candidate(attribute: "candidate:1 1 udp 2122317823 10.0.0.99 7000 typ host"))
        network.agents[0].setRemoteEndOfCandidates()
        network.run(until: .seconds(40))
        #expect(network.states(of: 0) == [.checking, .failed])
        let failedAt = try #require(network.time(of: 0, reaching: .failed))
        // Seven transmissions at 50, 100, 200, 400, 800, 1600, 1600 ms.
        #expect(failedAt == .milliseconds(4750))
        #expect(!network.spun)
    }
}
