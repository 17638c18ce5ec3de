/// The ordered dither applied before quantizing to a palette or to on/off glyph dots.
///
/// Ordered (position-only) patterns are used rather than error diffusion because a static scene
/// then quantizes identically frame after frame: diffusion makes noise crawl, which both shimmers
/// and defeats the terminal diff.
public enum Dither: Sendable, CaseIterable {
    case none
    case bayer4
    case bayer8

    /// Offsets in -0.5...0.5 of a quantization step, scaled by 256 (so -128...127), by (x & 7, y & 7).
    func offsets() -> [Int] {
        switch self {
        case .none:
            return [Int](repeating: 0, count: 64)
        case .bayer4:
            let matrix = Dither.bayerMatrix(size: 4)
            return (0..<64).map { i in (matrix[(i / 8 % 4) * 4 + i % 4] * 2 + 1) * 256 / 32 - 128 }
        case .bayer8:
            let matrix = Dither.bayerMatrix(size: 8)
            return (0..<64).map { i in (matrix[i] * 2 + 1) * 256 / 128 - 128 }
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
