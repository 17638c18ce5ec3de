import Testing
@testable import MediaIO

@Suite struct SyntheticTestPatternTests {
    @Test func framesCarryNumberAndNominalTime() throws {
        var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 25, startMicros: 1_000)
        for expected in 0..<30 {
            let frame = source.nextFrame()
            let read = try #require(FrameBarcode.read(from: frame))
            #expect(read.frameNumber == UInt32(expected))
            #expect(read.timestampMicros == 1_000 + Int64(expected) * 40_000)
            #expect(frame.timestampMicros == read.timestampMicros)
        }
        let live = source.nextFrame(timestampMicros: 42)
        #expect(FrameBarcode.read(from: live)?.timestampMicros == 42)
    }

    @Test func consecutiveFramesDifferBelowTheBarcode() {
        let source = TestPatternSource(width: 320, height: 240)
        let band = FrameBarcode.bandHeight(width: 320, height: 240) * 320
        for number in stride(from: UInt32(0), to: 300, by: 7) {
            let a = source.frame(number: number, timestampMicros: 0), b = source.frame(number: number + 1, timestampMicros: 0)
            let changed = zip(a.y[band...], b.y[band...]).filter { $0 != $1 }.count
            #expect(changed > 20, "frame \(number): only \(changed) pixels moved")
        }
    }

    @Test func patternIsDeterministicAndHasColour() {
        let a = TestPatternSource(width: 161, height: 99).frame(number: 5, timestampMicros: 9)
        let b = TestPatternSource(width: 161, height: 99).frame(number: 5, timestampMicros: 9)
        #expect(a.y == b.y && a.u == b.u && a.v == b.v)
        #expect(Set(a.u).count > 5 && Set(a.v).count > 5)
    }
}
