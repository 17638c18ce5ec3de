import RTCBase
import Testing
@testable import RTCICE

/// RFC 7675 consent freshness on the selected pair, and the states it drives.
@Suite struct IceConsentTests {
    static func connectedPair(seed: UInt64 = 1) throws -> IceNetwork {
        let network = try IceConnectivityTests.pair(.controlling, .controlled, network: IceNetwork(seed: seed, delay: .milliseconds(10)))
        network.run(until: .seconds(2)) { !IceConnectivityTests.bothConnected(network) }
        return network
    }

    @Test func consentChecksAreSentEveryFiveSecondsWithJitter() throws {
        let network = try Self.connectedPair()
        let before = network.agents[0].stats.requestsSent
        network.run(until: network.now + .seconds(60))
        let consentChecks = network.agents[0].stats.requestsSent - before
        // 60 s at 4-6 s intervals: 10 to 15 checks, and no retransmission on a lossless link.
        #expect((10...15).contains(consentChecks))
        #expect(network.agents[0].stats.retransmissions == 0)
        #expect(network.agents[0].connectionState == .connected)
        #expect(network.agents[1].connectionState == .connected)
        let rtt = try #require(network.agents[0].stats.roundTripTime)
        #expect(rtt == .milliseconds(20))
    }

    @Test func consentLossDisconnectsThenFails() throws {
        let network = try Self.connectedPair()
        network.run(until: network.now + .seconds(10))
        network.blocked = true
        let cut = network.now
        network.run(until: cut + .seconds(45))
        for index in 0..<2 {
            let disconnected = try #require(network.time(of: index, reaching: .disconnected))
            let failed = try #require(network.time(of: index, reaching: .failed))
            // The next check goes out within 6 s and is declared unanswered 5 s later.
            #expect(disconnected - cut <= .seconds(11))
            #expect(disconnected - cut >= .seconds(5))
            // Consent expires 30 s after the last response, which came at most 6 s before the cut.
            #expect(failed - cut <= .seconds(30))
            #expect(failed - cut >= .seconds(24))
            #expect(network.agents[index].nextTimeout() == nil)
        }
        // A failed agent sends nothing more (RFC 7675 section 5.1).
        let sent = network.agents[0].stats.requestsSent
        network.run(until: network.now + .seconds(30))
        #expect(network.agents[0].stats.requestsSent == sent)
    }

    @Test func consentRecoveryReturnsToConnected() throws {
        let network = try Self.connectedPair(seed: 3)
        network.blocked = true
        network.run(until: network.now + .seconds(15))
        #expect(network.agents[0].connectionState == .disconnected)
        network.blocked = false
        network.run(until: network.now + .seconds(10))
        #expect(network.agents[0].connectionState == .connected)
        #expect(network.agents[1].connectionState == .connected)
        #expect(network.states(of: 0) == [.checking, .connected, .disconnected, .connected])
    }

    @Test func completedOnceBothSidesAreDone() throws {
        let network = try Self.connectedPair()
        network.agents[0].setRemoteEndOfCandidates()
        network.agents[1].setRemoteEndOfCandidates()
        network.drain()
        #expect(network.agents[0].connectionState == .completed)
        #expect(network.agents[1].connectionState == .completed)
    }
}
