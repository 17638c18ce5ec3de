import Testing
@testable import MediaIO

@Suite struct SyntheticFrameBarcodeTests {
    @Test(arguments: [(640, 360), (320, 240), (1280, 720), (80, 12), (333, 101)])
    func stampThenReadRoundTrips(size: (Int, Int)) throws {
        var random = SeededGenerator(seed: UInt64(size.0))
        for _ in 0..<50 {
            var frame = I420Frame(width: size.0, height: size.1, y: 128)
            let number = UInt32.random(in: 0...UInt32.max, using: &random)
            let micros = Int64.random(in: 0..<(1 << 48), using: &random)
            FrameBarcode.stamp(into: &frame, frameNumber: number, timestampMicros: micros)
            let read = try #require(FrameBarcode.read(from: frame))
            #expect(read.frameNumber == number && read.timestampMicros == micros)
        }
    }

    @Test func aFlippedCellFailsTheChecksum() throws {
        var frame = I420Frame(width: 320, height: 240)
        FrameBarcode.stamp(into: &frame, frameNumber: 12345, timestampMicros: 987_654_321)
        for bit in [0, 40, 95] {
            var damaged = frame
            let cell = 8, x = 32 + (bit % 32) * cell, y = (bit / 32) * cell
            let old = damaged.y[y * 320 + x + 3]
            damaged.fill(PixelRect(x: x, y: y, width: cell, height: cell), y: old > 128 ? 16 : 235, u: 128, v: 128)
            #expect(FrameBarcode.read(from: damaged) == nil, "bit \(bit)")
        }
    }

    @Test func framesWithoutABarcodeReadAsNil() {
        #expect(FrameBarcode.read(from: I420Frame(width: 640, height: 360)) == nil)
        #expect(FrameBarcode.read(from: I420Frame(width: 640, height: 360, y: 235)) == nil)
        #expect(FrameBarcode.read(from: I420Frame(width: 40, height: 40)) == nil)
        #expect(FrameBarcode.bandHeight(width: 640, height: 360) == 48)
        var truncated = I420Frame(width: 640, height: 360)
        FrameBarcode.stamp(into: &truncated, frameNumber: 1, timestampMicros: 1)
        truncated.y = Array(truncated.y.prefix(100))
        #expect(FrameBarcode.read(from: truncated) == nil)
    }

    @Test func barcodeSurvivesHalvingTheFrame() throws {
        // A 640-wide barcode halved to 320 wide lands exactly on the 320-wide layout.
        let source = TestPatternSource(width: 640, height: 360)
        let small = source.frame(number: 77, timestampMicros: 5_000_000).scaled(toWidth: 320, height: 180)
        let read = try #require(FrameBarcode.read(from: small))
        #expect(read.frameNumber == 77 && read.timestampMicros == 5_000_000)
    }
}
