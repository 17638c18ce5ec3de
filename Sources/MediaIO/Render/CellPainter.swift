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
            let pattern = Self.bestSplit(UnsafeBufferPointer(block))
            let (foreground, background) = Self.groupMeans(UnsafeBufferPointer(block), pattern: pattern)
            let back = quantizer.nearest(background)
            guard let foreground else { return Cell(character: " ", foreground: back, background: back) }
            return Cell(character: glyphs[pattern], foreground: quantizer.nearest(foreground), background: back)
        }
    }

    /// The split (bit i set: pixel i in the foreground) with the least weighted squared error.
    /// Minimizing the within-group error equals maximizing sum(weight * groupSum^2 / groupSize) over
    /// both groups; patterns with the last pixel in the background cover every split exactly once,
    /// and pattern 0 (one group) wins ties so flat cells stay plain spaces.
    static func bestSplit(_ block: UnsafeBufferPointer<RGBColor>) -> Int {
        let count = block.count
        var totalR = 0, totalG = 0, totalB = 0
        for pixel in block {
            totalR += Int(pixel.r)
            totalG += Int(pixel.g)
            totalB += Int(pixel.b)
        }
        func score(_ r: Int, _ g: Int, _ b: Int, _ n: Int) -> Double {
            n == 0 ? 0 : Double(2 * r * r + 4 * g * g + 3 * b * b) / Double(n)
        }
        var bestPattern = 0
        var bestScore = score(totalR, totalG, totalB, count)
        for pattern in 1..<(1 << (count - 1)) {
            var r = 0, g = 0, b = 0, n = 0
            for i in 0..<count where pattern & (1 << i) != 0 {
                r += Int(block[i].r)
                g += Int(block[i].g)
                b += Int(block[i].b)
                n += 1
            }
            let total = score(r, g, b, n) + score(totalR - r, totalG - g, totalB - b, count - n)
            // A relative margin keeps rounding noise from turning flat cells into patterns.
            if total > bestScore * (1 + 1e-12) + 1e-9 {
                bestScore = total
                bestPattern = pattern
            }
        }
        return bestPattern
    }

    /// The mean colours of the foreground (nil when empty) and background groups of a split.
    static func groupMeans(_ block: UnsafeBufferPointer<RGBColor>, pattern: Int) -> (RGBColor?, RGBColor) {
        var sums = [0, 0, 0, 0, 0, 0, 0, 0]  // r, g, b, n for foreground then background
        for i in block.indices {
            let base = pattern & (1 << i) != 0 ? 0 : 4
            sums[base] += Int(block[i].r)
            sums[base + 1] += Int(block[i].g)
            sums[base + 2] += Int(block[i].b)
            sums[base + 3] += 1
        }
        func mean(_ base: Int) -> RGBColor? {
            let n = sums[base + 3]
            guard n > 0 else { return nil }
            return RGBColor(UInt8((sums[base] + n / 2) / n), UInt8((sums[base + 1] + n / 2) / n),
                            UInt8((sums[base + 2] + n / 2) / n))
        }
        return (mean(0), mean(4) ?? RGBColor(0, 0, 0))
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
