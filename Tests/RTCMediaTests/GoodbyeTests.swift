import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct GoodbyeTests {
    @Test func goodbye() throws {
        let bytes = hex("81 CB 00 02 11 22 33 44 03 62 79 65")
        let bye = try Goodbye(bytes: bytes)
        #expect(bye.sources == [0x1122_3344])
        #expect(bye.reasonText == "bye")
        #expect(bye.serialized() == bytes)
        let silent = Goodbye(sources: [1, 2])
        #expect(silent.serialized() == hex("82 CB 00 02 00 00 00 01 00 00 00 02"))
        #expect(try Goodbye(bytes: silent.serialized()) == silent)
        #expect(throws: ParseError.self) { try Goodbye(bytes: hex("81 CB 00 02 11 22 33 44 09 62 79 65")) }
    }
}
