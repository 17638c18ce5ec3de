/// Turns sampled RGB into the colours a `ColorMode` can show, dithering by pixel position.
struct ColorQuantizer {
    let mode: ColorMode
    /// Dither offsets in -128...127 indexed by (y & 15) * 16 + (x & 15).
    private let offsets: [Int]

    init(mode: ColorMode, dither: Dither) {
        self.mode = mode
        offsets = dither.offsets()
    }

    /// The colour for the pixel at (x, y) in picture coordinates, dithered when the mode is indexed.
    @inline(__always) func color(_ color: RGBColor, x: Int, y: Int) -> TerminalColor {
        switch mode {
        case .truecolor:
            return .rgb(color.r, color.g, color.b)
        case .palette256:
            return .indexed(XtermPalette.dithered256(color, threshold: offsets[(y & 15) << 4 | (x & 15)] + 128))
        case .palette16:
            return .indexed(XtermPalette.dithered16(color, threshold: offsets[(y & 15) << 4 | (x & 15)] + 128))
        case .monochrome:
            return .default
        }
    }

    /// The nearest colour without dithering, for colours that are already averages of a cell.
    @inline(__always) func nearest(_ color: RGBColor) -> TerminalColor {
        switch mode {
        case .truecolor: .rgb(color.r, color.g, color.b)
        case .palette256: .indexed(XtermPalette.nearest256(color))
        case .palette16: .indexed(XtermPalette.nearest16(color))
        case .monochrome: .default
        }
    }

    /// Whether a pixel of this luma lights its dot or sub-block after dithering (used by monochrome
    /// modes and Braille).
    @inline(__always) func isLit(luma: Int, x: Int, y: Int) -> Bool {
        luma + (offsets[(y & 15) << 4 | (x & 15)]) >= 128
    }

    /// The RGB value a pixel really takes on screen after dithered quantization; the block splitters
    /// work on these so their fg/bg averages stay on palette colours.
    @inline(__always) func displayed(_ color: RGBColor, x: Int, y: Int) -> RGBColor {
        if mode == .truecolor { return color }
        switch self.color(color, x: x, y: y) {
        case .rgb(let r, let g, let b): return RGBColor(r, g, b)
        case .indexed(let index): return XtermPalette.rgb(ofIndex: index)
        case .default: return color
        }
    }
}
