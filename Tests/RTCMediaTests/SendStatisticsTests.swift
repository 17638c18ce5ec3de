import RTCBase
import Testing
@testable import RTCMedia

@Suite struct SendStatisticsTests {
    /// Unix time at Instant.zero chosen so that 0.5 s later the NTP time's middle 32 bits are
    /// 0xB710_8000, the arrival time "A" in the RFC 3550 6.4.1 example.
    static var unixTimeAtZero: Duration {
        let base: Int64 = 1_763_800_000
        let ntpSeconds = base + NTPTime.unixEpochOffsetSeconds
        return .seconds(base - ntpSeconds % 65536 + 0xB710)
    }

    /// RFC 3550 6.4.1 example: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
    /// DLSR = 0x0005:4000 (5.250 s), so RTT = 0x0006:2000 = 6.125 s.
    @Test func roundTripTimeFromRFCExample() {
        var stats = SendStatistics(unixTimeAtZero: Self.unixTimeAtZero)
        #expect(NTPTime(.milliseconds(500), unixTimeAtZero: Self.unixTimeAtZero).middle32 == 0xB710_8000)
        let block = ReportBlock(ssrc: 1, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)
        stats.reportBlockReceived(block, at: .milliseconds(500))
        #expect(stats.roundTripTime == .milliseconds(6125))
        #expect(stats.lastReportBlock == block)
        #expect(stats.roundTripTimeMeasurements == 1 && stats.totalRoundTripTime == .milliseconds(6125))
        #expect(stats.remoteFractionLost == 0 && stats.remotePacketsLost == 0)
    }

    @Test func noRoundTripWithoutLSROrWhenNegative() {
        var stats = SendStatistics(unixTimeAtZero: Self.unixTimeAtZero)
        stats.reportBlockReceived(ReportBlock(ssrc: 1), at: .milliseconds(500))
        #expect(stats.roundTripTime == nil)
        stats.reportBlockReceived(ReportBlock(ssrc: 1, lastSenderReport: 0xB710_8001), at: .milliseconds(500))
        #expect(stats.roundTripTime == nil)
        #expect(stats.roundTripTimeMeasurements == 0)
        stats.reportBlockReceived(ReportBlock(ssrc: 1, fractionLost: 64, cumulativeLost: -3, jitter: 90), at: .zero)
        #expect(stats.remoteFractionLost == 0.25 && stats.remotePacketsLost == -3 && stats.remoteJitterInTimestampUnits == 90)
    }

    @Test func senderReportRoundTripsThroughReceiver() {
        // The receiver echoes our SR's middle bits and the time it held them; RTT is the wire time.
        var sender = SendStatistics(unixTimeAtZero: .seconds(1_700_000_000))
        for _ in 0..<10 {
            sender.packetSent(RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 5, payload: Array(repeating: 0, count: 1000)))
        }
        sender.packetSent(payloadSize: 1000, headerSize: 12, isRetransmission: true)
        let sr = sender.makeSenderReport(ssrc: 5, now: .milliseconds(10_000), rtpTimestamp: 900_000)
        #expect(sr.packetCount == 11)
        #expect(sr.octetCount == 11_000)
        #expect(sr.rtpTimestamp == 900_000)
        #expect(sr.ntpTime == NTPTime(.milliseconds(10_000), unixTimeAtZero: .seconds(1_700_000_000)))
        #expect(sender.retransmittedPacketsSent == 1)
        #expect(sender.retransmittedBytesSent == 1000)
        #expect(sender.headerBytesSent == 132)

        var receiver = ReceiveStatistics(ssrc: 5, clockRate: 90000)
        receiver.insert(RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 5, payload: [1]), arrival: .milliseconds(10_000))
        receiver.senderReportReceived(sr, at: Instant.milliseconds(10_000) + .milliseconds(40))   // 40 ms one way
        let block = receiver.makeReportBlock(now: .milliseconds(10_000) + .milliseconds(140))  // held 100 ms
        sender.reportBlockReceived(block, at: Instant.milliseconds(10_000) + .milliseconds(180))     // 40 ms back
        let rtt = try! #require(sender.roundTripTime)
        // 16.16 fixed point: within 2/65536 s of 80 ms.
        #expect(abs(rtt.milliseconds - 80) < 0.04)
    }

    @Test func feedbackCounters() {
        var stats = SendStatistics(unixTimeAtZero: .zero)
        stats.feedbackReceived(.genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [1])))
        stats.feedbackReceived(.pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 2)))
        stats.feedbackReceived(.pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 2)))
        stats.feedbackReceived(.fullIntraRequest(FullIntraRequest(senderSSRC: 1, entries: [])))
        stats.feedbackReceived(.receiverReport(ReceiverReport(ssrc: 1)))
        #expect(stats.nackCount == 1 && stats.pliCount == 2 && stats.firCount == 1)
    }
}
