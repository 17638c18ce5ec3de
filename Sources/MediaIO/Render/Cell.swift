/// One character cell of the terminal: a glyph and its two colours.
public struct Cell: Equatable, Hashable, Sendable {
    public var character: Unicode.Scalar
    public var foreground: TerminalColor
    public var background: TerminalColor

    public init(character: Unicode.Scalar, foreground: TerminalColor, background: TerminalColor) {
        self.character = character
        self.foreground = foreground
        self.background = background
    }

    /// A space in the terminal's default colours: what a freshly cleared screen shows.
    public static let blank = Cell(character: " ", foreground: .default, background: .default)
}
