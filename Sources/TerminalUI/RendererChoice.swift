import MediaIO

/// The names of blitters and colour modes on the command line (`--renderer`, `--color`) and the
/// order the `r` key cycles through.
public enum RendererChoice {
    /// The `r` key's order: half → quadrant → sextant → braille → ascii → half.
    public static let cycle: [Blitter] = [.halfBlock, .quadrant, .sextant, .braille, .ascii]

    /// The blitter after `blitter`; without Unicode only ASCII can be shown, so it stays.
    public static func next(after blitter: Blitter, unicode: Bool = true) -> Blitter {
        guard unicode else { return .ascii }
        let index = cycle.firstIndex(of: blitter) ?? 0
        return cycle[(index + 1) % cycle.count]
    }

    /// `half`, `quadrant`, `sextant`, `braille` or `ascii`.
    public static func blitter(named name: String) -> Blitter? {
        switch name.lowercased() {
        case "half", "halfblock", "half-block": .halfBlock
        case "quadrant": .quadrant
        case "sextant": .sextant
        case "braille": .braille
        case "ascii": .ascii
        default: nil
        }
    }

    /// `truecolor`, `256`, `16` or `mono`; nil for `auto` and unknown names.
    public static func colorMode(named name: String) -> ColorMode? {
        switch name.lowercased() {
        case "truecolor", "24bit": .truecolor
        case "256": .palette256
        case "16": .palette16
        case "mono", "monochrome": .monochrome
        default: nil
        }
    }

    public static func name(of blitter: Blitter) -> String {
        switch blitter {
        case .halfBlock: "half"
        case .quadrant: "quadrant"
        case .sextant: "sextant"
        case .braille: "braille"
        case .ascii: "ascii"
        }
    }

    public static func name(of mode: ColorMode) -> String {
        switch mode {
        case .truecolor: "truecolor"
        case .palette256: "256"
        case .palette16: "16"
        case .monochrome: "mono"
        }
    }
}
