/// A cell drawn with space, `▀`, `▄` or `█` seen as what it shows: a top and a bottom colour.
/// Each such picture has several encodings, and the cheapest depends on the colours already set.
struct HalfBlockCell: Equatable {
    var top: TerminalColor
    var bottom: TerminalColor

    static let upper: Unicode.Scalar = "\u{2580}"
    static let lower: Unicode.Scalar = "\u{2584}"
    static let full: Unicode.Scalar = "\u{2588}"

    init(top: TerminalColor, bottom: TerminalColor) {
        self.top = top
        self.bottom = bottom
    }

    /// Nil for any other glyph, and for a block drawn in the terminal's default foreground: that
    /// colour is not the default background (monochrome draws with it), so the glyph's shape is the
    /// picture and no colour swap may stand in for it.
    @inline(__always) init?(_ cell: Cell) {
        if cell.foreground == .default, cell.character != " " { return nil }
        switch cell.character {
        case " ": self.init(top: cell.background, bottom: cell.background)
        case Self.upper: self.init(top: cell.foreground, bottom: cell.background)
        case Self.lower: self.init(top: cell.background, bottom: cell.foreground)
        case Self.full: self.init(top: cell.foreground, bottom: cell.foreground)
        default: return nil
        }
    }
}
