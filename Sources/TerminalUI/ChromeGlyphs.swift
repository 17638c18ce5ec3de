/// The characters the chrome is drawn with: box drawing and symbols in a UTF-8 locale, plain ASCII
/// otherwise. Every glyph is one cell wide.
public struct ChromeGlyphs: Sendable, Equatable {
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    /// Status line separator.
    public var separator: String
    public var on: String
    public var off: String
    public var speaking: String
    public var ellipsis: String
    public var down: String
    public var up: String

    public static let unicode = ChromeGlyphs(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮",
                                             bottomLeft: "╰", bottomRight: "╯", separator: " │ ", on: "●", off: "✕",
                                             speaking: "◉", ellipsis: "…", down: "↓", up: "↑")
    public static let ascii = ChromeGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                           bottomLeft: "+", bottomRight: "+", separator: " | ", on: "+", off: "-",
                                           speaking: "*", ellipsis: "~", down: "in ", up: "out ")

    /// "● mic" / "✕ mic" (ASCII "+mic" / "-mic").
    public func mic(_ isOn: Bool) -> String { state(isOn, "mic") }
    /// "● cam" / "✕ cam" (ASCII "+cam" / "-cam").
    public func camera(_ isOn: Bool) -> String { state(isOn, "cam") }

    private func state(_ isOn: Bool, _ word: String) -> String {
        let mark = isOn ? on : off
        return self == .ascii ? mark + word : mark + " " + word
    }
}
