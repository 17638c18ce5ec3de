import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct PictureLossIndicationTests {
    @Test func pictureLossIndication() throws {
        let bytes = hex("81 CE 00 02 11 11 11 11 22 22 22 22")
        let pli = try PictureLossIndication(bytes: bytes)
        #expect(pli == PictureLossIndication(senderSSRC: 0x1111_1111, mediaSSRC: 0x2222_2222))
        #expect(pli.serialized() == bytes)
    }
}
