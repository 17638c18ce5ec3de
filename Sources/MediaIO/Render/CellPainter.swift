/// Chooses the glyph and colours of one cell from its block of sampled pixels, per blitter.
struct CellPainter {
    let quantizer: ColorQuantizer
    let black: TerminalColor

    /// Paints the cell at (`column`, `row`) of the picture from `pixels`, a row-major buffer `width`
    /// pixels wide holding the whole picture at the blitter's sub-pixel resolution.
    @inline(__always)
    func paint(_ blitter: Blitter, pixels: UnsafeBufferPointer<RGBColor>, width: Int, column: Int, row: Int) -> Cell {
        switch blitter {
        case .halfBlock: halfBlock(pixels, width: width, column: column, row: row)
        case .quadrant: split(pixels, width: width, column: column, row: row, rows: 2, glyphs: BlockGlyphs.quadrant)
        case .sextant: split(pixels, width: width, column: column, row: row, rows: 3, glyphs: BlockGlyphs.sextant)
        case .braille: braille(pixels, width: width, column: column, row: row)
        case .ascii: ascii(pixels, width: width, column: column, row: row)
        }
    }

    @inline(__always)
    private func halfBlock(_ pixels: UnsafeBufferPointer<RGBColor>, width: Int, column: Int, row: Int) -> Cell {
        let y = row * 2
        let top = pixels[y * width + column], bottom = pixels[(y + 1) * width + column]
        if quantizer.mode == .monochrome {
            let bits = (quantizer.isLit(luma: top.luma, x: column, y: y) ? 1 : 0)
                | (quantizer.isLit(luma: bottom.luma, x: column, y: y + 1) ? 2 : 0)
            return Cell(character: BlockGlyphs.halfBlock[bits], foreground: .default, background: .default)
        }
        return Cell(character: "\u{2580}", foreground: quantizer.color(top, x: column, y: y),
                    background: quantizer.color(bottom, x: column, y: y + 1))
    }

    /// Quadrants and sextants: a 2 x `rows` block split into the two colour groups that leave the
    /// least weighted squared error, found by trying every split.
    private func split(_ pixels: UnsafeBufferPointer<RGBColor>, width: Int, column: Int, row: Int,
                       rows: Int, glyphs: [Unicode.Scalar]) -> Cell {
        let count = 2 * rows
        let x0 = column * 2, y0 = row * rows
        if quantizer.mode == .monochrome {
            var bits = 0
            for i in 0..<count {
                let x = x0 + (i & 1), y = y0 + (i >> 1)
                if quantizer.isLit(luma: pixels[y * width + x].luma, x: x, y: y) { bits |= 1 << i }
            }
            return Cell(character: glyphs[bits], foreground: .default, background: .default)
        }
        return withUnsafeTemporaryAllocation(of: RGBColor.self, capacity: count) { block in
            for i in 0..<count {
                let x = x0 + (i & 1), y = y0 + (i >> 1)
                block[i] = quantizer.displayed(pixels[y * width + x], x: x, y: y)
            }
            let pixels = UnsafeBufferPointer(block)
            let pattern = Self.bestSplit(pixels)
            var (foreground, background) = Self.groupMeans(pixels, pattern: pattern)
            if quantizer.mode != .truecolor {
                // The pixels already hold palette colours; a group's member nearest its mean keeps
                // the group's hue, where rounding the mean itself could land on an unrelated grey.
                background = Self.member(of: pixels, pattern: pattern, inForeground: false, nearest: background)
                foreground = foreground.map { Self.member(of: pixels, pattern: pattern, inForeground: true, nearest: $0) }
            }
            let back = quantizer.nearest(background)
            guard let foreground else { return Cell(character: " ", foreground: back, background: back) }
            return Cell(character: glyphs[pattern], foreground: quantizer.nearest(foreground), background: back)
        }
    }

    /// The pixel of one group of a split that is closest to `target`.
    static func member(of block: UnsafeBufferPointer<RGBColor>, pattern: Int, inForeground: Bool,
                       nearest target: RGBColor) -> RGBColor {
        var best = target, bestDistance = Int.max
        for i in block.indices where (pattern & (1 << i) != 0) == inForeground {
            let distance = block[i].weightedDistanceSquared(to: target)
            if distance < bestDistance {
                best = block[i]
                bestDistance = distance
            }
        }
        return best
    }

    /// The split (bit i set: pixel i in the foreground) with the least weighted squared error.
    ///
    /// Minimizing the within-group error equals maximizing sum(weight * groupSum^2 / groupSize)
    /// over both groups, which needs only each subset's sums: these are built once per cell, each
    /// from a smaller subset. Scores are scaled by 60 (divisible by every group size up to 6) so
    /// they stay exact integers. Patterns with the last pixel in the background cover every split
    /// once, and pattern 0 (one group) wins ties so flat cells stay plain spaces.
    static func bestSplit(_ block: UnsafeBufferPointer<RGBColor>) -> Int {
        let count = block.count
        let patterns = 1 << (count - 1)
        var totalR = 0, totalG = 0, totalB = 0
        for pixel in block {
            totalR += Int(pixel.r)
            totalG += Int(pixel.g)
            totalB += Int(pixel.b)
        }
        @inline(__always) func score(_ r: Int, _ g: Int, _ b: Int, _ n: Int) -> Int {
            // 60 / n by table: a hardware division per pattern would dominate the whole search.
            let scale: Int
            switch n {
            case 1: scale = 60
            case 2: scale = 30
            case 3: scale = 20
            case 4: scale = 15
            case 5: scale = 12
            case 6: scale = 10
            default: return 0
            }
            return (2 * r * r + 4 * g * g + 3 * b * b) * scale
        }
        return withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: patterns) { sums in
            sums[0] = .zero
            var bestPattern = 0
            var bestScore = score(totalR, totalG, totalB, count)
            for pattern in 1..<patterns {
                let pixel = block[pattern.trailingZeroBitCount]
                let sum = sums[pattern & (pattern - 1)] &+ SIMD4(Int32(pixel.r), Int32(pixel.g), Int32(pixel.b), 1)
                sums[pattern] = sum
                let r = Int(sum[0]), g = Int(sum[1]), b = Int(sum[2]), n = Int(sum[3])
                let total = score(r, g, b, n) + score(totalR - r, totalG - g, totalB - b, count - n)
                if total > bestScore {
                    bestScore = total
                    bestPattern = pattern
                }
            }
            return bestPattern
        }
    }

    /// The mean colours of the foreground (nil when empty) and background groups of a split.
    static func groupMeans(_ block: UnsafeBufferPointer<RGBColor>, pattern: Int) -> (RGBColor?, RGBColor) {
        var inside = SIMD4<Int32>.zero, outside = SIMD4<Int32>.zero
        for i in block.indices {
            let value = SIMD4(Int32(block[i].r), Int32(block[i].g), Int32(block[i].b), 1)
            if pattern & (1 << i) != 0 { inside &+= value } else { outside &+= value }
        }
        func mean(_ sums: SIMD4<Int32>) -> RGBColor? {
            let n = sums[3]
            guard n > 0 else { return nil }
            return RGBColor(UInt8((sums[0] + n / 2) / n), UInt8((sums[1] + n / 2) / n), UInt8((sums[2] + n / 2) / n))
        }
        return (mean(inside), mean(outside) ?? RGBColor(0, 0, 0))
    }

    /// Braille: each dot is lit when its dithered luma is bright enough; the lit dots share the mean
    /// colour of their pixels on a black background.
    private func braille(_ pixels: UnsafeBufferPointer<RGBColor>, width: Int, column: Int, row: Int) -> Cell {
        let x0 = column * 2, y0 = row * 4
        var bits = 0, r = 0, g = 0, b = 0, lit = 0
        for i in 0..<8 {
            let x = x0 + (i & 1), y = y0 + (i >> 1)
            let pixel = pixels[y * width + x]
            if quantizer.isLit(luma: pixel.luma, x: x, y: y) {
                bits |= 1 << i
                r += Int(pixel.r)
                g += Int(pixel.g)
                b += Int(pixel.b)
                lit += 1
            }
        }
        if quantizer.mode == .monochrome {
            return Cell(character: BlockGlyphs.braille[bits], foreground: .default, background: .default)
        }
        guard lit > 0 else { return Cell(character: " ", foreground: black, background: black) }
        let mean = RGBColor(UInt8(r / lit), UInt8(g / lit), UInt8(b / lit))
        return Cell(character: BlockGlyphs.braille[bits], foreground: quantizer.nearest(mean), background: black)
    }

    /// ASCII: the ramp character carries the brightness, the foreground the (dithered) colour.
    private func ascii(_ pixels: UnsafeBufferPointer<RGBColor>, width: Int, column: Int, row: Int) -> Cell {
        let pixel = pixels[row * width + column]
        let ramp = BlockGlyphs.asciiRamp
        let level = pixel.luma * ramp.count / 256
        if quantizer.mode == .monochrome {
            return Cell(character: ramp[level], foreground: .default, background: .default)
        }
        return Cell(character: ramp[level], foreground: quantizer.color(pixel, x: column, y: row), background: black)
    }
}
