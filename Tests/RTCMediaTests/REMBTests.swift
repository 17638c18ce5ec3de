import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct REMBTests {
    @Test func remb() throws {
        // draft-alvestrand-rmcat-remb 2.2: "REMB", 1 SSRC, exp 2, mantissa 250000 = 1 Mbit/s.
        let bytes = hex("8F CE 00 05 11 11 11 11 00 00 00 00 52 45 4D 42 01 0B D0 90 44 44 44 44")
        let remb = try REMB(bytes: bytes)
        #expect(remb.bitrate == 1_000_000)
        #expect(remb.ssrcs == [0x4444_4444])
        #expect(remb.senderSSRC == 0x1111_1111)
        #expect(remb.serialized() == bytes)
        // Rounds down to 18 significant bits.
        let rounded = REMB(senderSSRC: 1, bitrate: 1_000_003, ssrcs: [])
        #expect(try REMB(bytes: rounded.serialized()).bitrate == 1_000_000)
        // Exponent 63 with a full mantissa saturates instead of overflowing.
        let huge = try REMB(bytes: hex("8F CE 00 04 00 00 00 01 00 00 00 00 52 45 4D 42 00 FF FF FF"))
        #expect(huge.bitrate == .max)
    }
}
