/// Sums several participants' decoded Int16 audio into one period for the playback ring, each with its
/// own gain, saturating instead of wrapping when the sum leaves the Int16 range.
///
/// Use per period: `begin()`, `add(_:from:)` for each source that has audio, then `finish(into:)`.
/// The accumulator is allocated once, so mixing allocates nothing per period.
public struct AudioMixer: Sendable {
    /// Samples per period (frames × channels), the size of every `add` and `finish`.
    public let samplesPerPeriod: Int
    /// Samples clipped to Int16.min/max since creation (a sign the gains are too high).
    public private(set) var clippedSampleCount = 0
    private var accumulator: [Int32]
    private var gains: [UInt32: Float] = [:]

    /// Gains above this make clipping nearly certain and risk overflowing the Int32 sum with many sources.
    public static let maximumGain: Float = 8

    public init(samplesPerPeriod: Int) {
        precondition(samplesPerPeriod > 0, "a period has at least one sample")
        self.samplesPerPeriod = samplesPerPeriod
        accumulator = [Int32](repeating: 0, count: samplesPerPeriod)
    }

    /// Sets a source's linear gain (1 = unchanged, 0 = muted); clamped to 0...maximumGain.
    public mutating func setGain(_ gain: Float, for source: UInt32) {
        gains[source] = min(max(gain.isNaN ? 0 : gain, 0), Self.maximumGain)
    }

    public func gain(for source: UInt32) -> Float { gains[source] ?? 1 }

    /// Forgets a source that left the call.
    public mutating func removeSource(_ source: UInt32) { gains[source] = nil }

    /// Starts a new period of silence.
    public mutating func begin() {
        accumulator.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds one source's period. Shorter input is treated as followed by silence; extra samples are ignored.
    public mutating func add(_ samples: UnsafeBufferPointer<Int16>, from source: UInt32) {
        let gain = gains[source] ?? 1
        guard gain > 0 else { return }
        let count = min(samples.count, samplesPerPeriod)
        accumulator.withUnsafeMutableBufferPointer { sum in
            if gain == 1 {
                for i in 0..<count { sum[i] &+= Int32(samples[i]) }
            } else {
                for i in 0..<count { sum[i] &+= Int32((Float(samples[i]) * gain).rounded()) }
            }
        }
    }

    public mutating func add(_ samples: [Int16], from source: UInt32) {
        samples.withUnsafeBufferPointer { add($0, from: source) }
    }

    /// Writes the saturated sum of the period into `output` (its first `samplesPerPeriod` samples).
    public mutating func finish(into output: UnsafeMutableBufferPointer<Int16>) {
        let count = min(output.count, samplesPerPeriod)
        var clipped = 0
        accumulator.withUnsafeBufferPointer { sum in
            for i in 0..<count {
                let value = sum[i]
                if value > Int32(Int16.max) {
                    output[i] = .max
                    clipped += 1
                } else if value < Int32(Int16.min) {
                    output[i] = .min
                    clipped += 1
                } else {
                    output[i] = Int16(value)
                }
            }
        }
        clippedSampleCount += clipped
    }

    /// One whole period from several sources at once (allocates; convenient off the real-time path).
    public mutating func mix(_ sources: [(source: UInt32, samples: [Int16])]) -> [Int16] {
        begin()
        for (source, samples) in sources { add(samples, from: source) }
        var output = [Int16](repeating: 0, count: samplesPerPeriod)
        output.withUnsafeMutableBufferPointer { finish(into: $0) }
        return output
    }
}
