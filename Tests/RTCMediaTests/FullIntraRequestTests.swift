import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct FullIntraRequestTests {
    @Test func fullIntraRequest() throws {
        // RFC 5104 4.3.1: FMT=4 PT=206 | sender | media 0 | FCI: SSRC, seq nr 7, reserved.
        let bytes = hex("84 CE 00 04 11 11 11 11 00 00 00 00 33 33 33 33 07 00 00 00")
        let fir = try FullIntraRequest(bytes: bytes)
        #expect(fir.senderSSRC == 0x1111_1111)
        #expect(fir.entries == [.init(ssrc: 0x3333_3333, sequenceNumber: 7)])
        #expect(fir.serialized() == bytes)
        #expect(throws: ParseError.self) { try FullIntraRequest(bytes: hex("84 CE 00 03 11 11 11 11 00 00 00 00 33 33 33 33")) }
    }
}
