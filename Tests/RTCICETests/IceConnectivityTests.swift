import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// Two full agents over the simulated network reach the same selected pair.
@Suite struct IceConnectivityTests {
    static let aHosts = [TransportAddress.v4(10, 0, 0, 1, port: 5000), TransportAddress.v4(192, 168, 1, 10, port: 5002)]
    static let bHosts = [TransportAddress.v4(10, 0, 0, 2, port: 6000), TransportAddress.v4(192, 168, 1, 20, port: 6002)]

    /// Builds two agents, signals both ways and returns the network.
    static func pair(_ roleA: IceRole, _ roleB: IceRole, network: IceNetwork, pacing: Duration = .milliseconds(20),
                     tieBreakers: (UInt64, UInt64)? = nil) throws -> IceNetwork {
        var configA = IceAgent.Configuration.test(roleA, seed: 11, pacing: pacing)
        var configB = IceAgent.Configuration.test(roleB, seed: 22, pacing: pacing)
        if let tieBreakers {
            configA.tieBreaker = tieBreakers.0
            configB.tieBreaker = tieBreakers.1
        }
        network.attach(IceAgent(configuration: configA), hosts: aHosts)
        network.attach(IceAgent(configuration: configB), hosts: bHosts)
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        return network
    }

    static func expectSamePair(_ network: IceNetwork) throws {
        let a = try #require(network.agents[0].selectedPair)
        let b = try #require(network.agents[1].selectedPair)
        #expect(a.local == b.remote)
        #expect(a.remote == b.local)
        #expect(network.agents[0].connectionState == .connected)
        #expect(network.agents[1].connectionState == .connected)
        #expect(network.agents[0].role != network.agents[1].role)
        #expect(!network.spun)
    }

    static func bothConnected(_ network: IceNetwork) -> Bool {
        network.agents.allSatisfy { $0.selectedPair != nil }
    }

    @Test func controllingAndControlledConnectQuickly() throws {
        let network = try Self.pair(.controlling, .controlled, network: IceNetwork())
        network.run(until: .milliseconds(5000)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        let connectedA = try #require(network.time(of: 0, reaching: .connected))
        let connectedB = try #require(network.time(of: 1, reaching: .connected))
        // Ta = 20 ms on a zero-delay network: one check, then the nomination one Ta later.
        #expect(connectedA < .milliseconds(100))
        #expect(connectedB < .milliseconds(100))
        #expect(network.states(of: 0) == [.checking, .connected])
        #expect(network.states(of: 1) == [.checking, .connected])
        #expect(network.events(of: 0).filter { if case .selectedPairChanged = $0 { true } else { false } }.count == 1)
    }

    @Test func fastLoopbackPacingConnectsInOneSlot() throws {
        let network = try Self.pair(.controlling, .controlled, network: IceNetwork(), pacing: .milliseconds(5))
        network.run(until: .seconds(1)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        #expect(network.time(of: 0, reaching: .connected) == .milliseconds(5))
    }

    /// RFC 8421: with both families available, IPv6 host pairs rank first.
    @Test func dualStackPrefersIPv6() throws {
        let network = IceNetwork(delay: .milliseconds(2))
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)),
                       hosts: [.v4(10, 0, 0, 1, port: 5000), TransportAddress("[2001:db8::1]:5000")!])
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)),
                       hosts: [.v4(10, 0, 0, 2, port: 6000), TransportAddress("[2001:db8::2]:6000")!])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        network.run(until: .seconds(2)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        #expect(network.agents[0].selectedPair?.remote == TransportAddress("[2001:db8::2]:6000"))
        // Two pairs only: families never mix.
        #expect(network.agents[0].pairs.count == 2)
    }

    @Test func selectedPairIsTheHighestPriorityPairOnAFastNetwork() throws {
        let network = try Self.pair(.controlling, .controlled, network: IceNetwork())
        network.run(until: .milliseconds(5000)) { !Self.bothConnected(network) }
        // The first host of each side has the highest local preference; both sides agree on the pair.
        let selected = try #require(network.agents[0].selectedPair)
        #expect(selected.local == Self.aHosts[0])
        #expect(selected.remote == Self.bHosts[0])
    }

    @Test func connectsWithTenPercentLossAndJitter() throws {
        for seed in UInt64(1)...20 {
            let network = IceNetwork(seed: seed, lossRate: 0.10, delay: .milliseconds(10), jitter: .milliseconds(15))
            _ = try Self.pair(.controlling, .controlled, network: network)
            network.run(until: .seconds(10)) { !Self.bothConnected(network) }
            try Self.expectSamePair(network)
            #expect(network.dropped > 0 || seed > 0)
        }
    }

    /// The same seeds give the same run, datagram for datagram: nothing depends on dictionary order.
    @Test func runsAreReproducible() throws {
        func run() throws -> [String] {
            let network = IceNetwork(seed: 42, lossRate: 0.2, delay: .milliseconds(10), jitter: .milliseconds(30))
            _ = try Self.pair(.controlling, .controlling, network: network, tieBreakers: (3, 4))
            network.run(until: .seconds(20))
            return network.events.flatMap { $0.map { "\($0.at) \($0.event)" } } + ["\(network.delivered) \(network.dropped)"]
        }
        let first = try run()
        #expect(first.count > 8)
        #expect(try run() == first)
    }

    @Test func bothControllingRepairWith487() throws {
        let network = try Self.pair(.controlling, .controlling, network: IceNetwork(), tieBreakers: (5, 9))
        network.run(until: .seconds(5)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        // The larger tie-breaker keeps control (RFC 8445 section 7.3.1.1).
        #expect(network.agents[0].role == .controlled)
        #expect(network.agents[1].role == .controlling)
    }

    @Test func bothControlledRepairWithTieBreaker() throws {
        let network = try Self.pair(.controlled, .controlled, network: IceNetwork(), tieBreakers: (9, 5))
        network.run(until: .seconds(5)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        #expect(network.agents[0].role == .controlling)
        #expect(network.agents[1].role == .controlled)
    }

    @Test func roleConflictsResolveUnderLoss() throws {
        for seed in UInt64(1)...10 {
            let network = IceNetwork(seed: seed, lossRate: 0.1, delay: .milliseconds(5), jitter: .milliseconds(10))
            _ = try Self.pair(seed % 2 == 0 ? .controlling : .controlled, seed % 2 == 0 ? .controlling : .controlled,
                              network: network, tieBreakers: (seed, 100 - seed))
            network.run(until: .seconds(10)) { !Self.bothConnected(network) }
            try Self.expectSamePair(network)
        }
    }

    @Test func trickleAfterChecksStarted() throws {
        let network = IceNetwork(delay: .milliseconds(10))
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: Self.aHosts)
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: Self.bHosts)
        try network.signal(from: 0, to: 1, candidates: false)
        try network.signal(from: 1, to: 0, candidates: false)
        // A first hears of an address nobody answers on, so it starts checking in vain.
        network.agents[0].addRemoteCandidate(try Candidate(attribute: "candidate:9 1 udp 2130706431 10.9.9.9 9999 typ host"))
        network.run(for: .milliseconds(300))
        #expect(network.agents[0].connectionState == .checking)
        #expect(network.agents[0].selectedPair == nil)
        // Then B's real candidates trickle in, one at a time, while checks are under way.
        for candidate in network.localCandidates(of: 1) {
            network.agents[0].addRemoteCandidate(candidate)
            network.run(for: .milliseconds(7))
        }
        network.run(until: .seconds(5)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        #expect(Self.bHosts.contains(try #require(network.agents[0].selectedPair).remote))
    }

    @Test func candidatesBeforeCredentialsWaitForThem() throws {
        let network = IceNetwork()
        network.attach(IceAgent(configuration: .test(.controlling, seed: 1)), hosts: Self.aHosts)
        network.attach(IceAgent(configuration: .test(.controlled, seed: 2)), hosts: Self.bHosts)
        for candidate in network.localCandidates(of: 1) { network.agents[0].addRemoteCandidate(candidate) }
        for candidate in network.localCandidates(of: 0) { network.agents[1].addRemoteCandidate(candidate) }
        network.run(until: .seconds(1))
        // Without the peer's password no check can be signed, so none is sent.
        #expect(network.agents.allSatisfy { $0.stats.requestsSent == 0 && $0.connectionState == .new })
        try network.signal(from: 0, to: 1, candidates: false)
        try network.signal(from: 1, to: 0, candidates: false)
        network.run(until: .seconds(5)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        #expect(try #require(network.time(of: 0, reaching: .connected)) - .seconds(1) < .milliseconds(100))
    }

    @Test func pacingBelowFiveMillisecondsIsRaisedToFive() {
        #expect(IceAgent.Configuration.test(.controlling, seed: 1, pacing: .milliseconds(1)).pacing == .milliseconds(5))
    }

    /// A nomination that is never answered times out, and the controlling side nominates again.
    @Test func lostNominationIsRetried() throws {
        let network = IceNetwork()
        network.dropFilter = { datagram in
            network.now < .seconds(4) && ((try? STUNMessage(bytes: datagram.payload))?.useCandidate ?? false)
        }
        _ = try Self.pair(.controlling, .controlled, network: network)
        network.run(until: .seconds(10)) { !Self.bothConnected(network) }
        try Self.expectSamePair(network)
        let connected = try #require(network.time(of: 0, reaching: .connected))
        // Seven transmissions (4.75 s) for the first nomination, then the second goes through.
        #expect(connected >= .milliseconds(4750))
        #expect(connected < .seconds(5))
    }

    @Test func closeStopsEverything() throws {
        let network = try Self.pair(.controlling, .controlled, network: IceNetwork())
        network.run(until: .milliseconds(500)) { !Self.bothConnected(network) }
        network.agents[0].close()
        network.drain()
        #expect(network.states(of: 0).last == .closed)
        #expect(network.agents[0].nextTimeout() == nil)
        network.agents[0].handleTimeout(now: .seconds(100))
        #expect(network.agents[0].pollOutput() == nil)
    }
}
