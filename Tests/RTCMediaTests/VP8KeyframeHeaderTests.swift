import RTCBase
import Testing
@testable import RTCMedia

@Suite struct VP8KeyframeHeaderTests {
    /// A key frame header by hand (RFC 6386 9.1): frame tag with P=0, version 0, show_frame=1,
    /// first partition size 100 -> (100 << 5) | 1 << 4 = 0x000C90 little-endian; start code;
    /// width 640 and height 480 little-endian with zero scaling.
    static let keyframe = hex("90 0C 00 9D 01 2A 80 02 E0 01")

    @Test func readsSizeFromKeyframe() throws {
        let header = try #require(VP8KeyframeHeader(frame: Self.keyframe + [1, 2, 3]))
        #expect(header == VP8KeyframeHeader(width: 640, height: 480))
        #expect(VP8KeyframeHeader.isKeyframe(Self.keyframe))
    }

    @Test func readsScaleBits() throws {
        // Width 1280 with horizontal scale 2, height 720 with vertical scale 1.
        let bytes = hex("90 0C 00 9D 01 2A 00 85 D0 42")
        let header = try #require(VP8KeyframeHeader(frame: bytes))
        #expect(header == VP8KeyframeHeader(width: 1280, height: 720, horizontalScale: 2, verticalScale: 1))
    }

    @Test func interframesAndBadStartCodesHaveNoHeader() {
        var inter = Self.keyframe
        inter[0] |= 1
        #expect(!VP8KeyframeHeader.isKeyframe(inter))
        #expect(VP8KeyframeHeader(frame: inter) == nil)
        var badStart = Self.keyframe
        badStart[4] = 0
        #expect(VP8KeyframeHeader(frame: badStart) == nil)
        #expect(VP8KeyframeHeader(frame: Array(Self.keyframe.prefix(9))) == nil)
        #expect(!VP8KeyframeHeader.isKeyframe([UInt8]()))
    }
}
