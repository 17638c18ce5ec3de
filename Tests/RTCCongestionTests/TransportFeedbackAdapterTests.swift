import RTCBase
import RTCMedia
import Testing
@testable import RTCCongestion

@Suite struct TransportFeedbackAdapterTests {
    func feedback(base: UInt16, _ statuses: [TransportFeedback.PacketStatus], referenceTime: Int32 = 10) -> TransportFeedback {
        TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: base, referenceTime: referenceTime,
                          feedbackPacketCount: 0, statuses: statuses)
    }

    @Test func pairsFeedbackWithWhatWasSent() {
        var adapter = TransportFeedbackAdapter(initialSequence: 100)
        for index in 0..<3 { _ = adapter.packetSent(size: 1000 + index, now: .milliseconds(Int64(index) * 10)) }
        let (results, lost) = adapter.results(from: feedback(base: 100, [.received(delta: 4), .notReceived, .received(delta: 80)]))
        #expect(lost == 1)
        #expect(results.map(\.sent.size) == [1000, 1001, 1002])
        #expect(results[0].arrival == .milliseconds(640) + .milliseconds(1))
        #expect(results[1].arrival == nil)
        #expect(results[2].arrival == .milliseconds(641) + .milliseconds(20))
        #expect(results[2].sent.sendTime == .milliseconds(20))
    }

    @Test func aPacketReportedLostThenReceivedCountsOnceEachWay() {
        var adapter = TransportFeedbackAdapter(initialSequence: 1)
        _ = adapter.packetSent(size: 500, now: .zero)
        _ = adapter.packetSent(size: 500, now: .milliseconds(5))
        var (results, lost) = adapter.results(from: feedback(base: 1, [.received(delta: 0), .notReceived]))
        #expect(results.count == 2 && lost == 1)
        (results, lost) = adapter.results(from: feedback(base: 1, [.received(delta: 0), .received(delta: 8)]))
        // The first was already acknowledged; the second is news.
        #expect(results.count == 1 && results[0].sent.sequenceNumber == 2 && lost == 0)
        (results, lost) = adapter.results(from: feedback(base: 2, [.notReceived]))
        #expect(results.isEmpty && lost == 0)
    }

    @Test func sequenceNumbersUnwrapPast65535() {
        var adapter = TransportFeedbackAdapter(initialSequence: 65534)
        let numbers = (0..<4).map { _ in adapter.packetSent(size: 100, now: .zero) }
        #expect(numbers == [65534, 65535, 0, 1])
        let (results, _) = adapter.results(from: feedback(base: 65535, [.received(delta: 0), .received(delta: 0), .received(delta: 0)]))
        #expect(results.map(\.sent.sequenceNumber) == [65535, 65536, 65537])
    }

    @Test func feedbackAboutPacketsNeverSentOrLongForgottenIsIgnored() {
        var adapter = TransportFeedbackAdapter(initialSequence: 1)
        _ = adapter.packetSent(size: 100, now: .zero)
        #expect(adapter.results(from: feedback(base: 500, [.received(delta: 0)])).results.isEmpty)
        for _ in 0..<TransportFeedbackAdapter.capacity + 10 { _ = adapter.packetSent(size: 100, now: .zero) }
        #expect(adapter.results(from: feedback(base: 1, [.received(delta: 0)])).results.isEmpty)
    }
}
