import Testing
@testable import RTCMedia

@Suite struct H264LevelTests {
    @Test func level1bSortsBetween1And1Point1() {
        let ordered = [10, 9, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62].map { H264Level(levelIDC: UInt8($0)) }
        #expect(ordered == ordered.sorted())
        #expect(H264Level.level1 < .level1b && H264Level.level1b < H264Level(levelIDC: 11))
        #expect(min(H264Level.level3_1, H264Level(levelIDC: 30)) == H264Level(levelIDC: 30))
    }

    @Test func names() {
        #expect(H264Level.level1b.description == "1b")
        #expect(H264Level.level1.description == "1")
        #expect(H264Level.level3_1.description == "3.1")
        #expect(H264Level(levelIDC: 52).description == "5.2")
        #expect(H264Level(levelIDC: 31).isDefined && !H264Level(levelIDC: 33).isDefined)
    }
}
