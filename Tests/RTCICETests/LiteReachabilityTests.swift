import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// A browser on this host checks the server's loopback candidate from its global address: the
/// check arrived, so the pair works, and a lite agent must take the nomination (seen with Chromium).
@Suite struct LiteReachabilityTests {
    @Test func liteAgentSelectsANominatedPairAcrossLoopbackAndGlobalAddresses() throws {
        let credentials = IceCredentials(ufrag: "lite", pwd: "litepasswordlitepassword")
        let agent = IceAgent(configuration: IceAgent.Configuration(role: .controlled, lite: true, localCredentials: credentials))
        let local = try #require(TransportAddress("[::1]:5000"))
        let remote = try #require(TransportAddress("[fd00::2]:6000"))
        agent.addLocalHost(local)
        agent.setRemoteCredentials(IceCredentials(ufrag: "full", pwd: "fullpasswordfullpassword"))
        let request = STUNMessage(messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2), attributes: [
            .username("lite:full"), .priority(1_845_501_695), .iceControlling(tieBreaker: 7), .useCandidate,
        ])
        agent.handleDatagram(Datagram(source: remote, destination: local,
                                      payload: request.encoded(integrityKey: Array(credentials.pwd.utf8), addFingerprint: true)),
                             now: .milliseconds(10))
        #expect(agent.selectedPair?.local == local)
        #expect(agent.selectedPair?.remote == remote)
        #expect(agent.connectionState == .connected)
    }
}
