import Foundation

/// The shape of the audio markers `ToneSource` inserts and `AudioMarkerDetector` finds.
///
/// A marker is a 10 ms linear chirp from 800 to 3800 Hz (sharp autocorrelation peak, so its start can
/// be located to a few samples even after a lossy codec) followed by 24 FSK symbols of 5 ms: a 16-bit
/// sequence number and a CRC-8, 1000 Hz for 0 and 2000 Hz for 1. Everything stays below 4 kHz so
/// that even narrowband Opus keeps it. 130 ms in all.
public struct AudioMarker: Equatable, Hashable, Sendable {
    public var sequence: UInt16
    /// Sample index (per channel) of the chirp's first sample in the stream that carried it.
    public var position: Int64

    public init(sequence: UInt16, position: Int64) {
        self.sequence = sequence
        self.position = position
    }

    static let sampleRate = 48_000.0
    static let chirpLength = 480
    static let chirpStartHertz = 800.0
    static let chirpEndHertz = 3800.0
    static let symbolLength = 240
    static let symbolCount = 24
    static let zeroHertz = 1000.0
    static let oneHertz = 2000.0
    public static let length = chirpLength + symbolLength * symbolCount

    /// The marker's waveform at unit amplitude.
    static func waveform(sequence: UInt16) -> [Float] {
        var samples = [Float](repeating: 0, count: length)
        let chirp = chirpTemplate
        for index in 0..<chirpLength { samples[index] = chirp[index] }
        // Phase runs on across symbols so the frequency steps make no clicks for the codec to smear.
        var phase = 2 * Double.pi * chirpPhaseAtEnd
        let bits = symbolBits(sequence: sequence)
        for (symbol, bit) in bits.enumerated() {
            let step = 2 * Double.pi * (bit ? oneHertz : zeroHertz) / sampleRate
            for index in 0..<symbolLength {
                samples[chirpLength + symbol * symbolLength + index] = Float(sin(phase))
                phase += step
            }
        }
        // Fade the last 1 ms so the return to the background tone is smooth.
        for index in 0..<48 { samples[length - 1 - index] *= Float(index) / 48 }
        return samples
    }

    /// Cycles completed by the chirp (its phase at the end, in turns).
    static var chirpPhaseAtEnd: Double {
        let duration = Double(chirpLength) / sampleRate
        return chirpStartHertz * duration + (chirpEndHertz - chirpStartHertz) * duration / 2
    }

    static let chirpTemplate: [Float] = (0..<chirpLength).map { index in
        let t = Double(index) / sampleRate
        let duration = Double(chirpLength) / sampleRate
        let rate = (chirpEndHertz - chirpStartHertz) / duration
        let phase = 2 * Double.pi * (chirpStartHertz * t + rate * t * t / 2)
        // A 1 ms fade-in keeps the onset from splashing energy across the spectrum.
        let fade = min(1, Double(index) / 48)
        return Float(sin(phase) * fade)
    }

    static func symbolBits(sequence: UInt16) -> [Bool] {
        let bytes = [UInt8(sequence >> 8), UInt8(truncatingIfNeeded: sequence)]
        let all = bytes + [crc8(bytes)]
        return all.flatMap { byte in (0..<8).map { byte & (0x80 >> UInt8($0)) != 0 } }
    }

    /// CRC-8 with polynomial 0x07.
    static func crc8(_ bytes: [UInt8]) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 { crc = crc & 0x80 != 0 ? crc << 1 ^ 0x07 : crc << 1 }
        }
        return crc
    }
}
