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

/// Mutates a valid input the way a fuzzer's first passes do: flip, overwrite with extreme bytes,
/// truncate, duplicate or delete a range. Deterministic for a given generator state.
func mutated(_ input: [UInt8], using random: inout some RandomNumberGenerator) -> [UInt8] {
    var bytes = input
    let steps = Int.random(in: 1...4, using: &random)
    for _ in 0..<steps where !bytes.isEmpty {
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case 1: bytes[position] = [0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x20, 0x3A][Int.random(in: 0..<7, using: &random)]
        case 2: bytes.removeSubrange(position...)
        case 3:
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        case 4:
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
            bytes.removeSubrange(position..<end)
        default:
            // Digits are where header numbers live: make them huge or negative.
            bytes.insert(contentsOf: Array(["9999999999", "-1", "0", ":"].randomElement(using: &random)!.utf8), at: position)
        }
    }
    return bytes
}
