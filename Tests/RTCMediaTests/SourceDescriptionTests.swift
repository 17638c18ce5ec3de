import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct SourceDescriptionTests {
    @Test func sourceDescription() throws {
        // One chunk: SSRC, CNAME "abcd", end-of-list octet, one pad octet.
        let bytes = hex("81 CA 00 03 11 22 33 44 01 04 61 62 63 64 00 00")
        let sdes = try SourceDescription(bytes: bytes)
        #expect(sdes.chunks.count == 1)
        #expect(sdes.chunks[0].ssrc == 0x1122_3344)
        #expect(sdes.chunks[0].cname == "abcd")
        #expect(sdes.serialized() == bytes)
        #expect(SourceDescription(ssrc: 0x1122_3344, cname: "abcd") == sdes)
        // A chunk ending exactly on a word boundary still needs a full word of nulls.
        let aligned = SourceDescription(ssrc: 1, cname: "ab")
        #expect(aligned.serialized() == hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00"))
        let two = SourceDescription(chunks: [
            .init(ssrc: 1, items: [.init(type: 1, text: "x"), .init(type: SourceDescription.ItemType.tool, text: "kaamos")]),
            .init(ssrc: 2, items: []),
        ])
        #expect(try SourceDescription(bytes: two.serialized()) == two)
    }
}
