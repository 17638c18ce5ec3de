import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct ReceiverReportTests {
    @Test func receiverReport() throws {
        let bytes = hex("81 C9 00 07 12 34 56 78") + SenderReportTests.senderReportBytes.suffix(24)
        let report = try ReceiverReport(bytes: bytes)
        #expect(report.ssrc == 0x1234_5678)
        #expect(report.reportBlocks == [SenderReportTests.block])
        #expect(report.serialized() == bytes)
        // An RR with no blocks is 8 bytes.
        #expect(ReceiverReport(ssrc: 1).serialized() == hex("80 C9 00 01 00 00 00 01"))
    }

    @Test func cumulativeLostIsSigned24Bit() throws {
        var block = SenderReportTests.block
        for value: Int32 in [0, 1, -1, 0x7F_FFFF, -0x80_0000] {
            block.cumulativeLost = value
            let report = ReceiverReport(ssrc: 9, reportBlocks: [block])
            #expect(try ReceiverReport(bytes: report.serialized()).reportBlocks[0].cumulativeLost == value)
        }
        block.cumulativeLost = 0x0100_0000
        #expect(try ReceiverReport(bytes: ReceiverReport(ssrc: 9, reportBlocks: [block]).serialized()).reportBlocks[0].cumulativeLost == 0x7F_FFFF)
    }
}
