/// Per-output-sample source taps and weights for resampling one axis, in 8-bit fixed point.
///
/// Shrinking averages every source sample the output sample's area covers (a box filter, so nothing
/// aliases); enlarging interpolates linearly between the two nearest source samples. Weights of each
/// output sample sum to exactly 256, so flat areas stay exactly flat.
struct ResamplingKernel {
    static let one: Int32 = 256

    let taps: Int
    /// `taps` source indices per output sample, already clamped to the source.
    let indices: [Int32]
    /// `taps` weights per output sample, summing to `one`.
    let weights: [Int32]

    init(from sourceLength: Int, to destinationLength: Int) {
        precondition(sourceLength > 0 && destinationLength > 0)
        var rows: [[(index: Int, weight: Double)]] = []
        rows.reserveCapacity(destinationLength)
        let scale = Double(sourceLength) / Double(destinationLength)
        for output in 0..<destinationLength {
            if destinationLength < sourceLength {
                let start = Double(output) * scale, end = start + scale
                var row: [(Int, Double)] = []
                var index = Int(start)
                while Double(index) < end, index < sourceLength {
                    let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                    if overlap > 1e-9 { row.append((index, overlap / scale)) }
                    index += 1
                }
                rows.append(row)
            } else {
                let position = max(0, min(Double(sourceLength - 1), (Double(output) + 0.5) * scale - 0.5))
                let left = Int(position), fraction = position - Double(left)
                rows.append([(left, 1 - fraction), (min(left + 1, sourceLength - 1), fraction)])
            }
        }
        taps = rows.map(\.count).max() ?? 1
        var indices = [Int32](repeating: 0, count: taps * destinationLength)
        var weights = [Int32](repeating: 0, count: taps * destinationLength)
        for (output, row) in rows.enumerated() {
            var total: Int32 = 0
            var heaviest = 0
            for (tap, entry) in row.enumerated() {
                let weight = Int32((entry.weight * Double(Self.one)).rounded())
                indices[output * taps + tap] = Int32(entry.index)
                weights[output * taps + tap] = weight
                total += weight
                if weight > weights[output * taps + heaviest] { heaviest = tap }
            }
            // Rounding may leave the sum a little off 256; the heaviest tap absorbs the difference.
            weights[output * taps + heaviest] += Self.one - total
            for tap in row.count..<taps { indices[output * taps + tap] = Int32(row.last?.index ?? 0) }
        }
        self.indices = indices
        self.weights = weights
    }

    /// Resamples a plane: rows first into 16-bit intermediates (no rounding yet), then columns.
    static func resample(_ source: [UInt8], stride: Int, width: Int, height: Int,
                         toWidth: Int, height toHeight: Int) -> [UInt8] {
        let horizontal = ResamplingKernel(from: width, to: toWidth)
        let vertical = ResamplingKernel(from: height, to: toHeight)
        var intermediate = [UInt16](repeating: 0, count: toWidth * height)
        var output = [UInt8](repeating: 0, count: toWidth * toHeight)
        source.withUnsafeBufferPointer { src in
            horizontal.indices.withUnsafeBufferPointer { hIndex in
                horizontal.weights.withUnsafeBufferPointer { hWeight in
                    intermediate.withUnsafeMutableBufferPointer { mid in
                        let taps = horizontal.taps
                        for row in 0..<height {
                            let line = src.baseAddress! + row * stride
                            let out = mid.baseAddress! + row * toWidth
                            for x in 0..<toWidth {
                                var sum: Int32 = 0
                                for tap in 0..<taps {
                                    sum += hWeight[x * taps + tap] * Int32(line[Int(hIndex[x * taps + tap])])
                                }
                                out[x] = UInt16(truncatingIfNeeded: sum)
                            }
                        }
                    }
                }
            }
        }
        intermediate.withUnsafeBufferPointer { mid in
            vertical.indices.withUnsafeBufferPointer { vIndex in
                vertical.weights.withUnsafeBufferPointer { vWeight in
                    output.withUnsafeMutableBufferPointer { out in
                        let taps = vertical.taps
                        for y in 0..<toHeight {
                            let destination = out.baseAddress! + y * toWidth
                            var rowsUsed: [(UnsafePointer<UInt16>, Int32)] = []
                            for tap in 0..<taps {
                                rowsUsed.append((mid.baseAddress! + Int(vIndex[y * taps + tap]) * toWidth, vWeight[y * taps + tap]))
                            }
                            for x in 0..<toWidth {
                                var sum: Int32 = 1 << 15
                                for (line, weight) in rowsUsed { sum += weight * Int32(line[x]) }
                                destination[x] = UInt8(clamping: sum >> 16)
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
