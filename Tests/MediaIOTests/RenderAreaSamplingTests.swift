import Testing
@testable import MediaIO

@Suite struct RenderAreaSamplingTests {
    @Test func downscalingAveragesEveryPixelOfTheBox() {
        // A fine 1-pixel checkerboard of black and white averages to mid grey, not to either.
        var frame = I420Frame(width: 64, height: 64)
        for y in 0..<64 { for x in 0..<64 { frame.y[y * 64 + x] = (x + y) % 2 == 0 ? 16 : 235 } }
        var pixels: [RGBColor] = []
        AreaSampler.sample(frame, width: 8, height: 8, into: &pixels)
        for pixel in pixels { #expect(abs(Int(pixel.r) - 128) <= 2 && pixel.r == pixel.g && pixel.g == pixel.b) }
    }

    @Test func upscalingRepeatsPixels() {
        let frame = I420Frame(width: 2, height: 1, y: [16, 235], strideY: 2, u: [128], strideU: 1, v: [128], strideV: 1)!
        var pixels: [RGBColor] = []
        AreaSampler.sample(frame, width: 4, height: 2, into: &pixels)
        #expect(pixels.map(\.r) == [0, 0, 255, 255, 0, 0, 255, 255])
    }

    @Test func halfBlocksSplitTopAndBottomPixels() {
        // Top half red, bottom half blue: one cell shows both.
        var frame = I420Frame(width: 2, height: 4)
        for y in 0..<4 { for x in 0..<2 { frame.y[y * 2 + x] = y < 2 ? 81 : 41 } }
        frame.u = [90, 240]
        frame.v = [240, 110]
        frame.strideU = 1
        frame.strideV = 1
        let grid = VideoRenderer().render(frame, columns: 1, rows: 1, cellPixelAspect: 1)
        #expect(RenderTestSupport.channelDistance(grid[0, 0].foreground.approximateRGB!, RGBColor(255, 0, 0)) <= 3)
        #expect(RenderTestSupport.channelDistance(grid[0, 0].background.approximateRGB!, RGBColor(0, 0, 255)) <= 3)
    }

    @Test func quadrantsFindTheDiagonalSplit() {
        // White top-left and bottom-right, black elsewhere: the ▚ glyph.
        let frame = I420Frame(width: 2, height: 2, y: [235, 16, 16, 235], strideY: 2, u: [128], strideU: 1, v: [128], strideV: 1)!
        let grid = VideoRenderer().render(frame, columns: 1, rows: 1, cellPixelAspect: 1, blitter: .quadrant)
        let cell = grid[0, 0]
        // Either the pattern or its complement with the colours swapped.
        #expect((cell.character == "\u{259A}" && cell.foreground == .rgb(255, 255, 255) && cell.background == .rgb(0, 0, 0))
                || (cell.character == "\u{259E}" && cell.foreground == .rgb(0, 0, 0) && cell.background == .rgb(255, 255, 255)))
    }

    @Test func sextantGlyphsCoverTheBlockAndItsFallbacks() {
        #expect(BlockGlyphs.sextant[1] == "\u{1FB00}")
        #expect(BlockGlyphs.sextant[62] == "\u{1FB3B}")
        #expect(BlockGlyphs.sextant[21] == "\u{258C}" && BlockGlyphs.sextant[42] == "\u{2590}")
        #expect(Set(BlockGlyphs.sextant).count == 64)
        #expect(BlockGlyphs.braille[0b1111_1111] == "\u{28FF}")
        #expect(BlockGlyphs.braille[0b0100_0000] == "\u{2840}")  // bottom-left is dot 7
        #expect(BlockGlyphs.braille[0b0000_0010] == "\u{2808}")  // top-right is dot 4
    }
}
