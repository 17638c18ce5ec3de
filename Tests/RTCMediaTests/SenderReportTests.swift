import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct SenderReportTests {
    // RFC 3550 6.4.1: V=2 RC=1 PT=200 length=12 | SSRC | NTP sec, frac | RTP ts | packets | octets |
    // block: SSRC, fraction 0x40, cumulative -2, ext. highest 0x00010005, jitter 32, LSR, DLSR.
    static let senderReportBytes = hex("""
        81 C8 00 0C 12 34 56 78 E1 23 45 67 80 00 00 00 00 00 AA BB 00 00 00 0A 00 00 03 E8
        CA FE BA BE 40 FF FF FE 00 01 00 05 00 00 00 20 B7 05 20 00 00 05 40 00
        """)
    static let block = ReportBlock(
        ssrc: 0xCAFE_BABE, fractionLost: 0x40, cumulativeLost: -2, extendedHighestSequence: 0x0001_0005,
        jitter: 32, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)

    @Test func senderReport() throws {
        let report = try SenderReport(bytes: SenderReportTests.senderReportBytes)
        #expect(report.ssrc == 0x1234_5678)
        #expect(report.ntpTime == NTPTime(seconds: 0xE123_4567, fraction: 0x8000_0000))
        #expect(report.rtpTimestamp == 0xAABB)
        #expect(report.packetCount == 10)
        #expect(report.octetCount == 1000)
        #expect(report.reportBlocks == [SenderReportTests.block])
        #expect(report.serialized() == SenderReportTests.senderReportBytes)
        #expect(try RTCPPacket(bytes: SenderReportTests.senderReportBytes) == .senderReport(report))
    }

    @Test func profileExtensionAfterBlocksIsSkipped() throws {
        // RC=0 SR (28 bytes) followed by 8 bytes of profile-specific extension: length field 8 (36
        // bytes). Re-serialized it is the bare 28-byte SR with length field 6.
        let bytes = hex("80 C8 00 08 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05 00 00 00 06 AA BB CC DD EE FF 00 11")
        let report = try SenderReport(bytes: bytes)
        #expect(report.ssrc == 1 && report.packetCount == 5 && report.octetCount == 6)
        #expect(report.reportBlocks.isEmpty)
        #expect(report.serialized() == Array(bytes.prefix(28)).enumerated().map { $0.offset == 3 ? 6 : $0.element })
    }

    @Test func wrongPacketTypeIsRejected() {
        #expect(throws: ParseError.self) { try SenderReport(bytes: hex("80 C9 00 01 00 00 00 01")) }
        #expect(throws: ParseError.self) { try ReceiverReport(bytes: SenderReportTests.senderReportBytes) }
        #expect(throws: ParseError.self) { try PictureLossIndication(bytes: hex("84 CE 00 02 00 00 00 01 00 00 00 02")) }
    }
}
