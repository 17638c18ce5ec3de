/// The ordered dither applied before quantizing to a palette or to on/off glyph dots.
///
/// Ordered (position-only) patterns are used rather than error diffusion because a static scene
/// then quantizes identically frame after frame: diffusion makes noise crawl, which both shimmers
/// and defeats the terminal diff.
public enum Dither: Sendable, CaseIterable {
    case none
    case bayer4
    case bayer8
    /// A 16x16 void-and-cluster matrix: finer, less regular grain than Bayer.
    case blueNoise

    /// The side of the tile `offsets()` covers; every pattern repeats within it.
    static let tileSize = 16

    /// Offsets of -0.5...0.5 of a quantization step, scaled by 256 (so -128...127), for a 16x16
    /// tile indexed by (y & 15) * 16 + (x & 15).
    func offsets() -> [Int] {
        let tile = Dither.tileSize
        func offsets(ranks: [Int], size: Int) -> [Int] {
            // Rank r of n becomes the centre of its slot: (2r + 1) / 2n of the range, less half.
            (0..<(tile * tile)).map { index in
                let rank = ranks[(index / tile % size) * size + index % tile % size]
                return (2 * rank + 1) * 256 / (2 * size * size) - 128
            }
        }
        switch self {
        case .none: return [Int](repeating: 0, count: tile * tile)
        case .bayer4: return offsets(ranks: Dither.bayerMatrix(size: 4), size: 4)
        case .bayer8: return offsets(ranks: Dither.bayerMatrix(size: 8), size: 8)
        case .blueNoise: return offsets(ranks: BlueNoiseMatrix.ranks, size: BlueNoiseMatrix.size)
        }
    }

    /// The classic recursive Bayer index matrix (values 0..<size*size), row-major.
    static func bayerMatrix(size: Int) -> [Int] {
        var matrix = [0]
        var n = 1
        while n < size {
            var next = [Int](repeating: 0, count: 4 * n * n)
            for y in 0..<n {
                for x in 0..<n {
                    let value = 4 * matrix[y * n + x]
                    next[y * 2 * n + x] = value
                    next[y * 2 * n + x + n] = value + 2
                    next[(y + n) * 2 * n + x] = value + 3
                    next[(y + n) * 2 * n + x + n] = value + 1
                }
            }
            matrix = next
            n *= 2
        }
        return matrix
    }
}
