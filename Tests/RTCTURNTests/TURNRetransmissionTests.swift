import RTCBase
import Testing
@testable import RTCTURN
import RTCSTUN

/// RFC 8489 section 6.2: UDP requests are resent with a doubling timeout; stream requests are not.
@Suite struct TURNRetransmissionTests {
    @Test func udpRequestIsSentSevenTimesThenTimesOutAt39Point5Seconds() {
        let harness = TURNHarness()
        harness.serverReachable = false
        harness.start()
        harness.advance(by: .seconds(60))
        let times = harness.sentRequests.map { $0.time.nanoseconds / 1_000_000 }
        #expect(times == [0, 500, 1500, 3500, 7500, 15500, 31500])
        #expect(Set(harness.sentRequests.map(\.message.transactionID)).count == 1)
        #expect(harness.client.stats.retransmissions == 6)
        #expect(harness.failures.count == 1)
        #expect(harness.failures.first?.step == .allocate)
        #expect(harness.events.last?.time == .milliseconds(39_500))
        let reason = harness.failures.first?.reason ?? ""
        #expect(reason.contains("no answer to Allocate from the TURN server 203.0.113.1:3478 over udp in 39.5 s (7 attempts)"), "\(reason)")
        #expect(harness.client.nextTimeout() == nil)
    }

    @Test func lostRequestsAreRecoveredByRetransmission() {
        let harness = TURNHarness()
        harness.server.requestsToDrop = 3
        harness.start()
        harness.advance(by: .seconds(10))
        #expect(harness.client.state == .allocated)
        // Unsigned at 0, 0.5, 1.5 lost; the fourth (3.5 s) gets the 401, then the signed one succeeds.
        #expect(harness.client.allocationTime == .milliseconds(3500))
    }

    @Test func streamRequestIsSentOnceAndTimesOut() {
        let harness = TURNHarness(transport: .tcp) { $0.streamTransactionTimeout = .seconds(10) }
        harness.serverReachable = false
        harness.start()
        harness.advance(by: .seconds(60))
        #expect(harness.sentRequests.count == 1)
        #expect(harness.client.stats.retransmissions == 0)
        #expect(harness.failures.first?.step == .allocate)
        #expect(harness.events.last?.time == .seconds(10))
        #expect(harness.failures.first?.reason.contains("over tcp in 10.0 s") == true)
    }

    @Test func lateDuplicateResponsesAreIgnored() throws {
        let harness = TURNHarness()
        harness.start()
        let lastAllocate = try #require(harness.server.requests(.allocate).last)
        // The server's answer to a retransmission arriving after the transaction ended.
        let duplicate = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: lastAllocate.transactionID)
        harness.client.handleIncoming(duplicate.encoded(integrityKey: nil, addFingerprint: false), now: harness.now)
        harness.pump()
        #expect(harness.client.stats.unmatchedResponses == 1)
        #expect(harness.allEvents.count == 1)
    }
}
