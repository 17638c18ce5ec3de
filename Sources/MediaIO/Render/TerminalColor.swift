/// The colour of one side (foreground or background) of a terminal cell.
///
/// `.indexed` covers both the 16 basic colours (0...15, sent as SGR 30-37/90-97) and the xterm
/// 256-colour palette (16...255, sent as `38;5;n`); `.default` is whatever the terminal's theme uses.
public enum TerminalColor: Hashable, Sendable {
    case rgb(UInt8, UInt8, UInt8)
    case indexed(UInt8)
    case `default`

    /// Pure black in the encoding that suits `mode`, used for letterbox bars.
    static func black(for mode: ColorMode) -> TerminalColor {
        switch mode {
        case .truecolor: .rgb(0, 0, 0)
        case .palette256: .indexed(16)
        case .palette16: .indexed(0)
        case .monochrome: .default
        }
    }

    /// The colour as RGB using xterm's stock palette for indexed colours; nil for `.default`,
    /// whose real value only the terminal knows.
    public var approximateRGB: RGBColor? {
        switch self {
        case .rgb(let r, let g, let b): RGBColor(r, g, b)
        case .indexed(let index): XtermPalette.rgb(ofIndex: index)
        case .default: nil
        }
    }
}
