/// An 8-bit sRGB colour; the working currency between YUV conversion, quantization and cells.
public struct RGBColor: Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Squared colour difference weighted 2:4:3 (red:green:blue): a cheap stand-in for a perceptual
    /// distance in which green differences count most, because the eye resolves them best.
    @inlinable public func weightedDistanceSquared(to other: RGBColor) -> Int {
        let dr = Int(r) - Int(other.r), dg = Int(g) - Int(other.g), db = Int(b) - Int(other.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// Rec. 601 luma (0...255) of the colour, used for ramps, dot thresholds and splits.
    @inlinable public var luma: Int { (77 * Int(r) + 150 * Int(g) + 29 * Int(b)) >> 8 }
}
