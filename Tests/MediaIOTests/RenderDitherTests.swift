import Testing
@testable import MediaIO

@Suite struct RenderDitherTests {
    @Test(arguments: [4, 8])
    func bayerMatricesHoldEveryThresholdOnce(size: Int) {
        #expect(Dither.bayerMatrix(size: size).sorted() == Array(0..<(size * size)))
    }

    @Test(arguments: Dither.allCases)
    func offsetsAreCentredOnZero(dither: Dither) {
        let offsets = dither.offsets()
        #expect(offsets.count == 256)
        #expect(offsets.allSatisfy { (-128...127).contains($0) })
        #expect(abs(offsets.reduce(0, +)) <= 256)
    }

    @Test func blueNoiseRanksAreAPermutation() {
        #expect(BlueNoiseMatrix.ranks.sorted() == Array(0..<256))
        #expect(Set(Dither.blueNoise.offsets()).count == 256)
    }

    /// The point of blue noise: at any threshold the lit positions keep apart. The lowest 32 of
    /// 256 ranks (one in eight) must have no two points closer than 2 on the wrapping tile; a
    /// random or clumped order fails this.
    @Test func blueNoiseSpreadsEarlyThresholdsEvenly() {
        let points = BlueNoiseMatrix.ranks.indices.filter { BlueNoiseMatrix.ranks[$0] < 32 }
        var closest = Int.max
        for a in points {
            for b in points where b > a {
                let dx = min(abs(a % 16 - b % 16), 16 - abs(a % 16 - b % 16))
                let dy = min(abs(a / 16 - b / 16), 16 - abs(a / 16 - b / 16))
                closest = min(closest, dx * dx + dy * dy)
            }
        }
        #expect(closest >= 4, "closest squared distance \(closest)")
    }

    /// Over one 8x8 tile the dithered pixels must average back to the input colour, hue included.
    @Test(arguments: [RGBColor(29, 45, 95), RGBColor(150, 140, 120), RGBColor(210, 160, 130), RGBColor(60, 60, 62),
                      RGBColor(255, 128, 0), RGBColor(0, 0, 0), RGBColor(255, 255, 255)])
    func palette256DitherPreservesTheMeanColour(color: RGBColor) {
        let mean = tileMean(color, mode: .palette256)
        #expect(RenderTestSupport.channelDistance(mean, color) <= 6, "\(color) -> \(mean)")
    }

    @Test func palette16DitherKeepsHueWhereNearestWouldGoGrey() {
        let navy = RGBColor(29, 45, 95)
        #expect(XtermPalette.nearest16(navy) == 0 || XtermPalette.nearest16(navy) == 8)  // black or grey alone
        let mean = tileMean(navy, mode: .palette16)
        #expect(Int(mean.b) > Int(mean.r) + 25, "\(mean)")
        for pure in [RGBColor(255, 0, 0), RGBColor(0, 0, 0), RGBColor(255, 255, 255)] {
            #expect(tileMean(pure, mode: .palette16) == pure)
        }
    }

    @Test func paletteColoursNeverDither() {
        for index in 16...255 {
            let color = XtermPalette.rgb(ofIndex: UInt8(index))
            #expect(tileMean(color, mode: .palette256) == color, "index \(index)")
        }
    }

    @Test func nearest256IsTheTrueNearestEntry() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<300 {
            let color = RGBColor(.random(in: 0...255, using: &generator), .random(in: 0...255, using: &generator),
                                 .random(in: 0...255, using: &generator))
            let best = (16...255).min { XtermPalette.rgb(ofIndex: UInt8($0)).weightedDistanceSquared(to: color)
                < XtermPalette.rgb(ofIndex: UInt8($1)).weightedDistanceSquared(to: color) }!
            let found = XtermPalette.rgb(ofIndex: XtermPalette.nearest256(color))
            #expect(found.weightedDistanceSquared(to: color)
                    == XtermPalette.rgb(ofIndex: UInt8(best)).weightedDistanceSquared(to: color))
        }
    }

    private func tileMean(_ color: RGBColor, mode: ColorMode) -> RGBColor {
        let quantizer = ColorQuantizer(mode: mode, dither: .bayer8)
        var sums = [0, 0, 0]
        for y in 0..<8 {
            for x in 0..<8 {
                let shown = quantizer.displayed(color, x: x, y: y)
                sums[0] += Int(shown.r)
                sums[1] += Int(shown.g)
                sums[2] += Int(shown.b)
            }
        }
        return RGBColor(UInt8(sums[0] / 64), UInt8(sums[1] / 64), UInt8(sums[2] / 64))
    }
}
