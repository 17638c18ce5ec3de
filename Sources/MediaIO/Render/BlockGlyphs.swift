/// The glyphs each blitter draws, indexed by which sub-pixels are in the foreground.
///
/// Sub-pixel bits run row by row, left to right: bit 0 is top-left, bit 1 top-right, bit 2 the
/// next row's left and so on (Braille has its own dot numbering, mapped below).
enum BlockGlyphs {
    /// Half blocks: bit 0 top, bit 1 bottom.
    static let halfBlock: [Unicode.Scalar] = [" ", "\u{2580}", "\u{2584}", "\u{2588}"]

    /// The 16 quadrant combinations (U+2580 block elements).
    static let quadrant: [Unicode.Scalar] = [
        " ", "\u{2598}", "\u{259D}", "\u{2580}", "\u{2596}", "\u{258C}", "\u{259E}", "\u{259B}",
        "\u{2597}", "\u{259A}", "\u{2590}", "\u{259C}", "\u{2584}", "\u{2599}", "\u{259F}", "\u{2588}",
    ]

    /// The 64 sextant combinations. Unicode 13 encodes 60 of them from U+1FB00 in bit order; the
    /// empty, full, left-half and right-half patterns already existed and fall back to space,
    /// U+2588, U+258C and U+2590.
    static let sextant: [Unicode.Scalar] = (0..<64).map { pattern in
        switch pattern {
        case 0: " "
        case 21: "\u{258C}"
        case 42: "\u{2590}"
        case 63: "\u{2588}"
        default: Unicode.Scalar(UInt32(0x1FB00 + pattern - 1 - (pattern > 21 ? 1 : 0) - (pattern > 42 ? 1 : 0)))!
        }
    }

    /// Braille patterns for the 2x4 dots in our bit order (row-major). Braille numbers dots 1-2-3-7
    /// down the left column and 4-5-6-8 down the right, with dot n at bit n-1 of U+2800's offset.
    static let braille: [Unicode.Scalar] = (0..<256).map { pattern in
        let dotBits: [UInt32] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]
        var offset: UInt32 = 0
        for bit in 0..<8 where pattern & (1 << bit) != 0 { offset |= dotBits[bit] }
        return offset == 0 ? " " : Unicode.Scalar(0x2800 + offset)!
    }

    /// Luminance ramp from dark to bright for the ASCII blitter.
    static let asciiRamp: [Unicode.Scalar] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
}
