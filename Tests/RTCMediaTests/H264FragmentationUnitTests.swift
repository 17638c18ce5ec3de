import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264FragmentationUnitTests {
    @Test func readsIndicatorAndHeader() throws {
        // F 0, NRI 3, type 28; S 1, E 0, R 0, type 5.
        let fragment = try H264FragmentationUnit(parsing: hex("7c 85 b8 00 04")[...])
        #expect(fragment.isStart && !fragment.isEnd)
        #expect(fragment.nalUnitHeader == H264NALUnitHeader(nri: 3, type: .idrSlice))
        #expect(fragment.data == hex("b8 00 04")[...])
        #expect(fragment.serialized() == hex("7c 85 b8 00 04"))
    }

    @Test func endFragmentAndReservedBit() throws {
        // E set and R set: R is ignored (RFC 6184 5.8) and not written back.
        let fragment = try H264FragmentationUnit(parsing: hex("5c 61 11 22")[...])
        #expect(!fragment.isStart && fragment.isEnd)
        #expect(fragment.nalUnitHeader == H264NALUnitHeader(nri: 2, type: .slice))
        #expect(fragment.serialized() == hex("5c 41 11 22"))
    }

    @Test func startAndEndTogetherIsAWholeUnit() throws {
        let fragment = try H264FragmentationUnit(parsing: hex("7c c5 b8")[...])
        #expect(fragment.isStart && fragment.isEnd)
    }

    @Test func forbiddenBitTravelsInTheIndicator() throws {
        let fragment = try H264FragmentationUnit(parsing: hex("fc 85 b8")[...])
        #expect(fragment.nalUnitHeader.forbiddenBit)
        #expect(fragment.serialized() == hex("fc 85 b8"))
    }

    @Test(arguments: ["", "7c", "7c 98 00", "7c 9c 00", "7c 80 00", "78 85 00", "7c 1f 00"])
    func malformedFragmentsThrow(bytes: String) {
        #expect(throws: ParseError.self) { try H264FragmentationUnit(parsing: hex(bytes)[...]) }
    }

    @Test func headerOnlyFragmentHasNoData() throws {
        let fragment = try H264FragmentationUnit(parsing: hex("7c 45")[...])
        #expect(fragment.data.isEmpty && fragment.isEnd)
    }
}
