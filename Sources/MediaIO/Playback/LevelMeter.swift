#if canImport(Glibc)
import Glibc
#endif
import RTCBase

/// One participant's loudness for the speaking indicator: RMS and peak in dBFS with a falling decay, and
/// `isSpeaking` with hysteresis so the indicator does not flicker between words.
///
/// Sans-IO: time advances by the duration of the samples fed in. 0 dBFS is a full-scale square wave, so a
/// full-scale sine reads -3 dBFS. Allocates nothing.
public struct LevelMeter: Sendable {
    public struct Configuration: Sendable {
        /// Speaking starts when the block RMS reaches this...
        public var speakingThreshold: Double = -40
        /// ...and ends when it has stayed below this for `hangover`.
        public var silenceThreshold: Double = -50
        public var hangover: Duration = .milliseconds(400)
        /// How fast the displayed levels fall after a loud block, in dB per second.
        public var decayPerSecond: Double = 30
        public init() {}
    }

    /// Reported for digital silence instead of -infinity.
    public static let floor: Double = -96

    public let sampleRate: Int
    public let channels: Int
    public let configuration: Configuration
    /// RMS level in dBFS: the last block's, or a decayed earlier louder one.
    public private(set) var rms: Double = LevelMeter.floor
    /// Peak level in dBFS with the same decay.
    public private(set) var peak: Double = LevelMeter.floor
    public private(set) var isSpeaking = false
    private var quietNanoseconds: Int64 = 0

    public init(sampleRate: Int = 48000, channels: Int = 1, configuration: Configuration = Configuration()) {
        precondition(sampleRate > 0 && channels > 0, "level meter needs a sample rate and channels")
        self.sampleRate = sampleRate
        self.channels = channels
        self.configuration = configuration
    }

    /// Feeds the next block of interleaved samples.
    public mutating func process(_ samples: UnsafeBufferPointer<Int16>) {
        guard !samples.isEmpty else { return }
        var sumOfSquares = 0.0
        var maximum: Int32 = 0
        for sample in samples {
            let value = Double(sample)
            sumOfSquares += value * value
            maximum = max(maximum, abs(Int32(sample)))
        }
        let blockRMS = Self.decibels((sumOfSquares / Double(samples.count)).squareRoot())
        let blockPeak = Self.decibels(Double(maximum))
        let nanoseconds = Int64(samples.count / channels) * 1_000_000_000 / Int64(sampleRate)
        let fall = configuration.decayPerSecond * Double(nanoseconds) / 1e9
        rms = max(blockRMS, max(rms - fall, Self.floor))
        peak = max(blockPeak, max(peak - fall, Self.floor))

        // Hysteresis on the undecayed block level: the decay is for the eye, not for the decision.
        if blockRMS >= configuration.speakingThreshold {
            isSpeaking = true
            quietNanoseconds = 0
        } else if blockRMS < configuration.silenceThreshold {
            quietNanoseconds += nanoseconds
            if quietNanoseconds >= configuration.hangover.nanosecondsClamped { isSpeaking = false }
        } else {
            // Between the thresholds: keep the current state, do not count towards the hangover.
            quietNanoseconds = 0
        }
    }

    public mutating func process(_ samples: [Int16]) {
        samples.withUnsafeBufferPointer { process($0) }
    }

    /// dBFS of an amplitude relative to 32768, clamped to `floor`.
    static func decibels(_ amplitude: Double) -> Double {
        guard amplitude > 0 else { return floor }
        return max(20 * log10(amplitude / 32768), floor)
    }
}
