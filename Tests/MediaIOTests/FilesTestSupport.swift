import Foundation

/// A fresh directory under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kaamos-mediaio-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Deterministic pseudo-random bytes (xorshift) so fuzz-like tests are repeatable.
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// A sine wave of 16-bit samples, interleaved across `channels` with a different phase per channel.
func sineSamples(frames: Int, channels: Int = 1, frequency: Double = 440, sampleRate: Double = 48000,
                 amplitude: Double = 12000) -> [Int16] {
    var samples: [Int16] = []
    samples.reserveCapacity(frames * channels)
    for frame in 0..<frames {
        for channel in 0..<channels {
            let phase = 2 * Double.pi * frequency * Double(frame) / sampleRate + Double(channel)
            samples.append(Int16(amplitude * sin(phase)))
        }
    }
    return samples
}
