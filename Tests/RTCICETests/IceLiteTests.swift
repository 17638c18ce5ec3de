import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// A full agent against an ICE-lite agent (RFC 8445 section 2.5): the lite side never checks and
/// takes the pair the full side nominates.
@Suite struct IceLiteTests {
    static let fullHost = TransportAddress.v4(10, 0, 0, 1, port: 5000)
    static let liteHost = TransportAddress.v4(10, 0, 0, 9, port: 3478)

    static func make(fullRole: IceRole, network: IceNetwork) throws -> IceNetwork {
        network.attach(IceAgent(configuration: .test(fullRole, seed: 5)), hosts: [fullHost])
        network.attach(IceAgent(configuration: .test(.controlling, lite: true, seed: 6)), hosts: [liteHost])
        try network.signal(from: 0, to: 1)
        try network.signal(from: 1, to: 0)
        return network
    }

    static func connected(_ network: IceNetwork) -> Bool { network.agents.allSatisfy { $0.selectedPair != nil } }

    @Test func fullControllingAndLiteConnect() throws {
        let network = try Self.make(fullRole: .controlling, network: IceNetwork())
        network.agents[0].setRemoteIsLite(true)
        network.run(until: .seconds(5)) { !Self.connected(network) }
        #expect(network.agents[0].selectedPair?.local == Self.fullHost)
        #expect(network.agents[0].selectedPair?.remote == Self.liteHost)
        #expect(network.agents[1].selectedPair?.local == Self.liteHost)
        #expect(network.agents[1].selectedPair?.remote == Self.fullHost)
        #expect(network.agents[1].role == .controlled)
        #expect(try #require(network.time(of: 0, reaching: .connected)) < .milliseconds(100))
        #expect(network.agents[1].stats.requestsSent == 0)
    }

    @Test func liteAgentNeverSendsChecksAndGathersNoReflexiveCandidates() throws {
        let server = TransportAddress.v4(198, 51, 100, 1, port: 3478)
        let network = IceNetwork()
        network.stunServers[server] = .v4(203, 0, 113, 5, port: 40000)
        var config = IceAgent.Configuration.test(.controlled, lite: true, seed: 3)
        config.stunServers = [server]
        network.attach(IceAgent(configuration: config), hosts: [Self.liteHost])
        network.agents[0].addRemoteCandidate(try Candidate(attribute: "candidate:1 1 udp 2122317823 10.0.0.1 5000 typ host"))
        network.agents[0].setRemoteCredentials(IceCredentials(ufrag: "abcd", pwd: "0123456789012345678901"))
        network.run(until: .seconds(2))
        #expect(network.agents[0].stats.requestsSent == 0)
        #expect(network.localCandidates(of: 0).map(\.type) == [.host])
        #expect(network.events(of: 0).contains(.gatheringComplete))
    }

    /// A full agent that wrongly believes it is controlled learns otherwise from the lite peer's 487.
    @Test func fullControlledAgentIsCorrectedByLitePeer() throws {
        let network = try Self.make(fullRole: .controlled, network: IceNetwork())
        network.run(until: .seconds(5)) { !Self.connected(network) }
        #expect(network.agents[0].role == .controlling)
        #expect(network.agents[0].selectedPair?.remote == Self.liteHost)
        #expect(network.agents[1].selectedPair?.remote == Self.fullHost)
    }

    @Test func liteConnectsUnderLoss() throws {
        for seed in UInt64(1)...10 {
            let network = try Self.make(fullRole: .controlling, network: IceNetwork(seed: seed, lossRate: 0.1, delay: .milliseconds(20), jitter: .milliseconds(20)))
            network.agents[0].setRemoteIsLite(true)
            network.run(until: .seconds(10)) { !Self.connected(network) }
            #expect(network.agents[0].selectedPair?.remote == Self.liteHost)
            #expect(network.agents[1].selectedPair?.remote == Self.fullHost)
        }
    }

    /// Lite mode judges the peer by its consent checks: silence means disconnected, then failed.
    @Test func liteDisconnectsAndFailsWhenChecksStop() throws {
        let network = try Self.make(fullRole: .controlling, network: IceNetwork())
        network.agents[0].setRemoteIsLite(true)
        network.run(until: .seconds(2)) { !Self.connected(network) }
        network.run(until: .seconds(40))
        // While the full side keeps sending consent checks every 4-6 s the lite side stays connected.
        #expect(!network.states(of: 1).contains(.disconnected))
        network.blocked = true
        let cut = network.now
        network.run(until: cut + .seconds(60))
        let disconnected = try #require(network.time(of: 1, reaching: .disconnected))
        let failed = try #require(network.time(of: 1, reaching: .failed))
        #expect(disconnected - cut <= .seconds(8))
        #expect(failed - cut <= .seconds(30))
        #expect(disconnected < failed)
    }

    @Test func liteSendsKeepaliveIndications() throws {
        let network = try Self.make(fullRole: .controlling, network: IceNetwork())
        network.agents[0].setRemoteIsLite(true)
        network.run(until: .seconds(1)) { !Self.connected(network) }
        var indications = 0
        var sentAt: [Instant] = []
        let lite = network.agents[1]
        // The full side is gone: drive only the lite agent, from deadline to deadline.
        while let deadline = lite.nextTimeout(), deadline < .seconds(60) {
            lite.handleTimeout(now: deadline)
            while let output = lite.pollOutput() {
                if case let .transmit(datagram) = output, (try? STUNMessage(bytes: datagram.payload))?.messageClass == .indication {
                    #expect(datagram.destination == Self.fullHost)
                    indications += 1
                    sentAt.append(deadline)
                }
            }
        }
        // One at 15 s; at 30 s the peer's silence has failed the agent, and a failed agent sends nothing.
        #expect(indications == 1)
        #expect(sentAt == [try #require(network.time(of: 1, reaching: .connected)) + .seconds(15)])
        #expect(lite.connectionState == .failed)
    }

    @Test func liteRecoversWhenChecksReturn() throws {
        let network = try Self.make(fullRole: .controlling, network: IceNetwork())
        network.agents[0].setRemoteIsLite(true)
        network.run(until: .seconds(2)) { !Self.connected(network) }
        network.blocked = true
        network.run(until: network.now + .seconds(12))
        #expect(network.agents[1].connectionState == .disconnected)
        network.blocked = false
        network.run(until: network.now + .seconds(12))
        #expect(network.agents[1].connectionState == .connected)
        #expect(network.agents[0].connectionState == .connected)
    }
}
