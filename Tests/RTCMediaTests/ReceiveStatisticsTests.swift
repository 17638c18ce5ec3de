import RTCBase
import Testing
@testable import RTCMedia

@Suite struct ReceiveStatisticsTests {
    private func packet(_ sequence: UInt16, _ timestamp: UInt32, payload: Int = 100) -> RTPPacket {
        RTPPacket(payloadType: 0, sequenceNumber: sequence, timestamp: timestamp, ssrc: 77, payload: Array(repeating: 0, count: payload))
    }

    /// RFC 3550 A.8 worked by hand at 8 kHz (8 units per ms), 20 ms packets (160 units):
    /// arrivals 0, 20, 45, 60 ms give D = 0, +40, -40, so J = 0, 40/16 = 2.5,
    /// 2.5 + (40 - 2.5)/16 = 4.84375 units = 0.60546875 ms.
    @Test func jitterHandWorked() {
        var stats = ReceiveStatistics(ssrc: 77, clockRate: 8000)
        stats.insert(packet(1, 0), arrival: .milliseconds(1000))
        stats.insert(packet(2, 160), arrival: .milliseconds(1020))
        #expect(stats.jitterInTimestampUnits == 0)
        stats.insert(packet(3, 320), arrival: .milliseconds(1045))
        #expect(stats.jitterInTimestampUnits == 2.5)
        stats.insert(packet(4, 480), arrival: .milliseconds(1060))
        #expect(stats.jitterInTimestampUnits == 4.84375)
        #expect(stats.jitter == 4.84375 / 8000)
        #expect(stats.makeReportBlock(now: .milliseconds(1100)).jitter == 4)
    }

    @Test func jitterIgnoresTimestampWrap() {
        var stats = ReceiveStatistics(ssrc: 1, clockRate: 90000)
        stats.insert(packet(1, UInt32.max - 1499), arrival: .zero)
        stats.insert(packet(2, 1500), arrival: .milliseconds(33) + .microseconds(333))
        // 3000 units apart at 90 kHz = 33.333 ms; arrival 33.333 ms: D is about 0.03 units.
        #expect(stats.jitterInTimestampUnits < 0.01)
    }

    /// RFC 3550 A.3: expected = highest - base + 1; fraction = lost in interval * 256 / expected in interval.
    @Test func lossCountsAndFraction() {
        var stats = ReceiveStatistics(ssrc: 77, clockRate: 90000)
        // Sequence 65530...65539 (wrapping) with 65532 and 1 lost: 10 expected, 8 received.
        for sequence: UInt16 in [65530, 65531, 65533, 65534, 65535, 0, 2, 3] {
            stats.insert(packet(sequence, 0, payload: 50), arrival: .zero)
        }
        #expect(stats.packetsReceived == 8)
        #expect(stats.bytesReceived == 400)
        #expect(stats.headerBytesReceived == 96)
        #expect(stats.packetsLost == 2)
        #expect(stats.extendedHighestSequence == 0x0001_0003)
        let block = stats.makeReportBlock(now: .zero)
        #expect(block.ssrc == 77)
        #expect(block.cumulativeLost == 2)
        #expect(block.fractionLost == 51)  // 2 * 256 / 10
        #expect(block.extendedHighestSequence == 0x0001_0003)
        #expect(block.lastSenderReport == 0 && block.delaySinceLastSenderReport == 0)
        // Next interval: 4 expected, 4 received (one a late arrival of 1, one a duplicate).
        for sequence: UInt16 in [4, 5, 1, 5] { stats.insert(packet(sequence, 0), arrival: .zero) }
        let next = stats.makeReportBlock(now: .zero)
        #expect(next.fractionLost == 0)
        #expect(next.cumulativeLost == 0)
        // Duplicates make the cumulative count negative.
        stats.insert(packet(5, 0), arrival: .zero)
        #expect(stats.packetsLost == -1)
        #expect(stats.makeReportBlock(now: .zero).cumulativeLost == -1)
    }

    @Test func lsrAndDlsrFromLastSenderReport() {
        var stats = ReceiveStatistics(ssrc: 77, clockRate: 90000)
        stats.insert(packet(1, 0), arrival: .zero)
        let report = SenderReport(ssrc: 77, ntpTime: NTPTime(seconds: 0xE000_B705, fraction: 0x2000_0000),
                                  rtpTimestamp: 0, packetCount: 1, octetCount: 100)
        stats.senderReportReceived(report, at: .milliseconds(1000))
        let block = stats.makeReportBlock(now: .milliseconds(6250))
        #expect(block.lastSenderReport == 0xB705_2000)
        #expect(block.delaySinceLastSenderReport == 0x0005_4000)  // 5.25 s
    }

    @Test func callerCounters() {
        var stats = ReceiveStatistics(ssrc: 1, clockRate: 48000)
        stats.nackCount += 2
        stats.pliCount += 1
        stats.framesReceived += 30
        #expect(stats.nackCount == 2 && stats.pliCount == 1 && stats.firCount == 0 && stats.framesReceived == 30)
        #expect(stats.packetsLost == 0)
        #expect(stats.lastPacketReceived == nil)
    }
}
