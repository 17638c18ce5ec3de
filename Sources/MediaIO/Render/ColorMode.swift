/// How many colours the terminal can show, which decides how cell colours are encoded.
public enum ColorMode: Sendable, CaseIterable {
    /// 24-bit colour (`38;2;r;g;b`).
    case truecolor
    /// The xterm 256-colour palette: the 6x6x6 cube and the 24-step grey ramp (indices 16...255).
    case palette256
    /// The 16 basic ANSI colours (SGR 30-37 and 90-97).
    case palette16
    /// No colour at all: the picture is carried by the glyph shapes in the default colours.
    case monochrome
}
