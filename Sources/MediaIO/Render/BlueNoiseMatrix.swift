#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 16x16 threshold matrix with a blue-noise spectrum, made once by the void-and-cluster method
/// (Ulichney, 1993): thresholds are handed out so that every prefix of them is spread as evenly as
/// possible over the tile (which wraps around), so the dither looks like fine grain instead of
/// Bayer's cross-hatch.
enum BlueNoiseMatrix {
    static let size = 16

    /// The rank (0..<256) of each position, row-major.
    static let ranks: [Int] = makeRanks()

    private static func makeRanks() -> [Int] {
        let count = size * size
        // Gaussian weight by toroidal offset; sigma 1.5 is the usual choice for this method.
        let kernel: [Double] = (0..<count).map { index in
            let dx = min(index % size, size - index % size), dy = min(index / size, size - index / size)
            return exp(-Double(dx * dx + dy * dy) / (2 * 1.5 * 1.5))
        }
        var pattern = [Bool](repeating: false, count: count)
        var energy = [Double](repeating: 0, count: count)
        func toggle(_ position: Int, on: Bool) {
            pattern[position] = on
            let (px, py) = (position % size, position / size)
            for index in 0..<count {
                let dx = (index % size - px + size) % size, dy = (index / size - py + size) % size
                energy[index] += on ? kernel[dy * size + dx] : -kernel[dy * size + dx]
            }
        }
        // The most crowded set position, or the emptiest unset one.
        func extreme(set: Bool) -> Int {
            var best = -1
            for index in 0..<count where pattern[index] == set {
                if best < 0 || (set ? energy[index] > energy[best] : energy[index] < energy[best]) { best = index }
            }
            return best
        }

        // A fixed pseudo-random start (a tenth of the positions), relaxed until the most crowded
        // point is also the best place for it.
        var seed: UInt32 = 0x2545_F491
        var placed = 0
        while placed < count / 10 {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            let position = Int(seed >> 8) % count
            if !pattern[position] {
                toggle(position, on: true)
                placed += 1
            }
        }
        for _ in 0..<count {
            let crowded = extreme(set: true)
            toggle(crowded, on: false)
            let void = extreme(set: false)
            toggle(void, on: true)
            if void == crowded { break }
        }
        let prototype = pattern, prototypeEnergy = energy

        var ranks = [Int](repeating: 0, count: count)
        // Ranks below the prototype's size: take away the most crowded point each time.
        for rank in stride(from: placed - 1, through: 0, by: -1) {
            let crowded = extreme(set: true)
            toggle(crowded, on: false)
            ranks[crowded] = rank
        }
        // The rest: fill the emptiest place each time (filling the biggest void of set points is
        // the same as taking the most crowded unset point, so one loop covers both later phases).
        pattern = prototype
        energy = prototypeEnergy
        for rank in placed..<count {
            let void = extreme(set: false)
            toggle(void, on: true)
            ranks[void] = rank
        }
        return ranks
    }
}
