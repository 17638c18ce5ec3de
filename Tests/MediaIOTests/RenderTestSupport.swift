@testable import MediaIO

/// Shared fixtures for the renderer tests: test images, a seeded generator and cell helpers.
enum RenderTestSupport {
    /// 100% colour bars in BT.601 limited range and the RGB each should come out as.
    static let bars: [(name: String, y: UInt8, u: UInt8, v: UInt8, rgb: RGBColor)] = [
        ("white", 235, 128, 128, RGBColor(255, 255, 255)),
        ("yellow", 210, 16, 146, RGBColor(255, 255, 0)),
        ("cyan", 170, 166, 16, RGBColor(0, 255, 255)),
        ("green", 145, 54, 34, RGBColor(0, 255, 0)),
        ("magenta", 106, 202, 222, RGBColor(255, 0, 255)),
        ("red", 81, 90, 240, RGBColor(255, 0, 0)),
        ("blue", 41, 240, 110, RGBColor(0, 0, 255)),
        ("black", 16, 128, 128, RGBColor(0, 0, 0)),
    ]

    /// Eight vertical bars, `barWidth` pixels each (even, so chroma never straddles two bars).
    static func colorBars(barWidth: Int = 40, height: Int = 80) -> I420Frame {
        var frame = I420Frame(width: barWidth * bars.count, height: height)
        for y in 0..<frame.height {
            for x in 0..<frame.width { frame.y[y * frame.strideY + x] = bars[x / barWidth].y }
        }
        for y in 0..<frame.chromaHeight {
            for x in 0..<frame.chromaWidth {
                frame.u[y * frame.strideU + x] = bars[2 * x / barWidth].u
                frame.v[y * frame.strideV + x] = bars[2 * x / barWidth].v
            }
        }
        return frame
    }

    /// A frame of random blocks and noise, so neighbouring cells differ in every way.
    static func randomFrame(width: Int, height: Int, using generator: inout SeededGenerator) -> I420Frame {
        var frame = I420Frame(width: width, height: height)
        let block = Int.random(in: 1...8, using: &generator)
        let base = (0..<3).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for y in 0..<height {
            for x in 0..<width {
                frame.y[y * frame.strideY + x] = (x / block + y / block) % 3 == 0
                    ? UInt8.random(in: 16...235, using: &generator) : base[0]
            }
        }
        for y in 0..<frame.chromaHeight {
            for x in 0..<frame.chromaWidth {
                frame.u[y * frame.strideU + x] = x % 2 == 0 ? base[1] : UInt8.random(in: 16...240, using: &generator)
                frame.v[y * frame.strideV + x] = y % 2 == 0 ? base[2] : UInt8.random(in: 16...240, using: &generator)
            }
        }
        return frame
    }

    /// How many of a cell's sub-pixels each glyph puts in the foreground, out of `count`.
    static func coverage(of character: Unicode.Scalar, blitter: Blitter) -> (lit: Int, count: Int)? {
        let table: [Unicode.Scalar]
        switch blitter {
        case .halfBlock: table = BlockGlyphs.halfBlock
        case .quadrant: table = BlockGlyphs.quadrant
        case .sextant: table = BlockGlyphs.sextant
        case .braille: table = BlockGlyphs.braille
        case .ascii: return nil
        }
        guard let bits = table.firstIndex(of: character) else { return nil }
        return (bits.nonzeroBitCount, Int(table.count).trailingZeroBitCount)
    }

    /// The colour a run of cells shows on average, weighing fg and bg by the glyphs' coverage.
    static func meanColor(of grid: CellGrid, columns: Range<Int>, blitter: Blitter) -> RGBColor {
        var sums = [0.0, 0.0, 0.0], total = 0.0
        for row in 0..<grid.height {
            for column in columns {
                let cell = grid[column, row]
                guard let (lit, count) = coverage(of: cell.character, blitter: blitter),
                      let fg = cell.foreground.approximateRGB, let bg = cell.background.approximateRGB else { continue }
                let share = Double(lit) / Double(count)
                for (c, pair) in [(fg.r, bg.r), (fg.g, bg.g), (fg.b, bg.b)].enumerated() {
                    sums[c] += share * Double(pair.0) + (1 - share) * Double(pair.1)
                }
                total += 1
            }
        }
        guard total > 0 else { return RGBColor(0, 0, 0) }
        return RGBColor(UInt8(sums[0] / total), UInt8(sums[1] / total), UInt8(sums[2] / total))
    }

    /// The largest per-channel difference between two colours.
    static func channelDistance(_ a: RGBColor, _ b: RGBColor) -> Int {
        max(abs(Int(a.r) - Int(b.r)), abs(Int(a.g) - Int(b.g)), abs(Int(a.b) - Int(b.b)))
    }
}


