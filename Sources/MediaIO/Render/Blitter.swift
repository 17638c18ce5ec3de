/// How a cell's pixels are drawn with glyphs: more sub-pixels per cell buy resolution with fewer
/// colours per sub-pixel.
public enum Blitter: Sendable, CaseIterable {
    /// 1x2 pixels per cell, `▀` with the exact colours of the top (foreground) and bottom pixel.
    case halfBlock
    /// 2x2 pixels per cell, the best two-colour split over the 16 quadrant glyphs.
    case quadrant
    /// 2x3 pixels per cell, the best two-colour split over the Unicode 13 sextants (U+1FB00...).
    case sextant
    /// 2x4 dots per cell (Braille patterns), one foreground colour per cell.
    case braille
    /// One pixel per cell drawn with a luminance ramp, for terminals without Unicode.
    case ascii

    public static let `default`: Blitter = .halfBlock

    /// Sub-pixels per cell horizontally and vertically.
    var pixelsPerCell: (columns: Int, rows: Int) {
        switch self {
        case .halfBlock: (1, 2)
        case .quadrant: (2, 2)
        case .sextant: (2, 3)
        case .braille: (2, 4)
        case .ascii: (1, 1)
        }
    }
}
