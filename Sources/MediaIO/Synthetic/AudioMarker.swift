import Foundation

/// The shape of the audio markers `ToneSource` inserts and `AudioMarkerDetector` finds.
///
/// A marker is a 20 ms linear chirp from 500 to 1500 Hz (a single clear correlation peak, so its start
/// can be located to a few samples after a lossy codec) followed by 32 FSK symbols of 5 ms: a 16-bit
/// sequence number and its CRC-16 (an 8-bit check let concealment noise through about once in a few
/// hundred tries), 1000 Hz for 0 and 2000 Hz for 1. 180 ms in all. The bands were
/// chosen by measurement: wider or higher chirps lost most of their correlation in Opus below
/// 16 kbps (SILK keeps the low band's waveform best), and everything stays below 4 kHz so that even
/// narrowband Opus keeps it.
public struct AudioMarker: Equatable, Hashable, Sendable {
    public var sequence: UInt16
    /// Sample index (per channel) of the chirp's first sample in the stream that carried it.
    public var position: Int64

    public init(sequence: UInt16, position: Int64) {
        self.sequence = sequence
        self.position = position
    }

    static let sampleRate = 48_000.0
    static let chirpLength = 960
    static let chirpStartHertz = 500.0
    static let chirpEndHertz = 1500.0
    static let symbolLength = 240
    static let symbolCount = 32
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
        let check = FrameBarcode.crc16(bytes[...])
        let all = bytes + [UInt8(check >> 8), UInt8(truncatingIfNeeded: check)]
        return all.flatMap { byte in (0..<8).map { byte & (0x80 >> UInt8($0)) != 0 } }
    }

}
