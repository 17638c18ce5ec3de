/// The xterm colour palette and nearest-colour searches in it.
///
/// The 16 basic colours really depend on the terminal's theme; xterm's stock values are the best
/// guess available without querying the terminal (which could block).
enum XtermPalette {
    /// Levels of the 6x6x6 colour cube (indices 16...231).
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    static let basic: [RGBColor] = [
        RGBColor(0, 0, 0), RGBColor(205, 0, 0), RGBColor(0, 205, 0), RGBColor(205, 205, 0),
        RGBColor(0, 0, 238), RGBColor(205, 0, 205), RGBColor(0, 205, 205), RGBColor(229, 229, 229),
        RGBColor(127, 127, 127), RGBColor(255, 0, 0), RGBColor(0, 255, 0), RGBColor(255, 255, 0),
        RGBColor(92, 92, 255), RGBColor(255, 0, 255), RGBColor(0, 255, 255), RGBColor(255, 255, 255),
    ]

    /// For each 8-bit channel value, the index (0...5) of the nearest cube level. Because the
    /// weighted distance is a sum over channels, the per-channel nearest levels give the nearest cube
    /// colour exactly.
    static let nearestCubeLevel: [UInt8] = (0..<256).map { value in
        var best = 0
        for level in 1..<6 where abs(Int(cubeLevels[level]) - value) < abs(Int(cubeLevels[best]) - value) {
            best = level
        }
        return UInt8(best)
    }

    static func rgb(ofIndex index: UInt8) -> RGBColor {
        switch index {
        case 0..<16:
            return basic[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return RGBColor(cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = UInt8(8 + 10 * (Int(index) - 232))
            return RGBColor(grey, grey, grey)
        }
    }

    /// The nearest of indices 16...255 (the cube and the grey ramp; the basic 16 are left out because
    /// themes redefine them).
    @inline(__always)
    static func nearest256(_ color: RGBColor) -> UInt8 {
        let r = Int(nearestCubeLevel[Int(color.r)])
        let g = Int(nearestCubeLevel[Int(color.g)])
        let b = Int(nearestCubeLevel[Int(color.b)])
        let cube = RGBColor(cubeLevels[r], cubeLevels[g], cubeLevels[b])
        let cubeIndex = UInt8(16 + 36 * r + 6 * g + b)
        // Grey ramp: 8, 18, ..., 238; pick the step nearest to the colour's weighted mean.
        let mean = (2 * Int(color.r) + 4 * Int(color.g) + 3 * Int(color.b)) / 9
        let step = min(23, max(0, (mean - 3) / 10))
        let greyValue = UInt8(8 + 10 * step)
        let grey = RGBColor(greyValue, greyValue, greyValue)
        return grey.weightedDistanceSquared(to: color) < cube.weightedDistanceSquared(to: color)
            ? UInt8(232 + step) : cubeIndex
    }

    /// Ordered dithering to indices 16...255 with `threshold` in 0...255 (from the dither matrix).
    ///
    /// Each channel is placed between the two cube levels around it and rounded up when its
    /// fractional position beats the threshold, so the dithered average equals the input (hue
    /// included: snapping a navy to its nearest grey would be closer by distance but wrong to the
    /// eye) and a colour already on the palette never dithers. Near-neutral colours dither along
    /// all 30 greys instead (the ramp and the cube's diagonal), which are much finer steps.
    @inline(__always)
    static func dithered256(_ color: RGBColor, threshold: Int) -> UInt8 {
        let spread = Int(max(color.r, color.g, color.b)) - Int(min(color.r, color.g, color.b))
        if spread <= 12 {
            let mean = (2 * Int(color.r) + 4 * Int(color.g) + 3 * Int(color.b)) / 9
            let below = Int(greyBelow[mean])
            return greyFraction[mean] > threshold ? greyLevels[below + 1].index : greyLevels[below].index
        }
        @inline(__always) func level(_ value: UInt8) -> Int {
            let below = Int(cubeBelow[Int(value)])
            return cubeFraction[Int(value)] > threshold ? below + 1 : below
        }
        return UInt8(16 + 36 * level(color.r) + 6 * level(color.g) + level(color.b))
    }

    /// Every grey of the 256-colour palette, darkest first, with its index.
    static let greyLevels: [(value: Int, index: UInt8)] = {
        var levels = (0..<24).map { (value: 8 + 10 * $0, index: UInt8(232 + $0)) }
        levels += cubeLevels.enumerated().map { (value: Int($0.element), index: UInt8(16 + 43 * $0.offset)) }
        return levels.sorted { $0.value < $1.value }
    }()

    /// For each value: the position of the level at or below it, and how far (0...256) it sits
    /// towards the next level.
    static let (greyBelow, greyFraction) = placement(of: greyLevels.map(\.value))
    static let (cubeBelow, cubeFraction) = placement(of: cubeLevels.map { Int($0) })

    private static func placement(of levels: [Int]) -> ([UInt8], [Int]) {
        var below = [UInt8](repeating: 0, count: 256), fraction = [Int](repeating: 0, count: 256)
        for value in 0..<256 {
            var index = 0
            while index + 2 < levels.count && levels[index + 1] <= value { index += 1 }
            // The last interval also holds values at or above the top level (fraction 256 and up).
            let low = levels[index], high = levels[index + 1]
            below[value] = UInt8(index)
            fraction[value] = value >= high ? 256 : max(0, (value - low) * 256 / (high - low))
        }
        return (below, fraction)
    }

    /// Ordered dithering to the 16 basic colours with `threshold` in 0...255.
    ///
    /// The basic colours form no lattice, so each pixel mixes its nearest colour with the one partner
    /// whose blend comes closest to it, taking the partner when the blend's share beats the
    /// threshold. Averaged over the dither pattern this keeps hues that nearest-colour rounding
    /// would turn grey.
    static func dithered16(_ color: RGBColor, threshold: Int) -> UInt8 {
        let nearest = Int(nearest16(color))
        let base = basic[nearest]
        let weights = SIMD3<Double>(2, 4, 3)
        let target = SIMD3<Double>(Double(color.r), Double(color.g), Double(color.b))
        let start = SIMD3<Double>(Double(base.r), Double(base.g), Double(base.b))
        var bestError = ((target - start) * (target - start) * weights).sum()
        var partner = nearest, share = 0.0
        for index in 0..<16 where index != nearest {
            let other = basic[index]
            let direction = SIMD3<Double>(Double(other.r), Double(other.g), Double(other.b)) - start
            let length = (direction * direction * weights).sum()
            let along = ((target - start) * direction * weights).sum()
            guard length > 0, along > 0 else { continue }
            let t = min(1, along / length)
            let miss = target - (start + t * direction)
            let error = (miss * miss * weights).sum()
            if error < bestError {
                bestError = error
                partner = index
                share = t
            }
        }
        return UInt8(share * 256 > Double(threshold) ? partner : nearest)
    }

    /// The nearest of the 16 basic colours.
    @inline(__always)
    static func nearest16(_ color: RGBColor) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for index in 0..<16 {
            let distance = basic[index].weightedDistanceSquared(to: color)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return UInt8(best)
    }
}
