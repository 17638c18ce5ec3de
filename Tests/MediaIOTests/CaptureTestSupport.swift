import Foundation
@testable import MediaIO

/// PCMs backed by alsa-lib's `file` plugin over a `null` slave, so capture and playback run without a
/// sound card: capture reads raw S16LE from `input`, playback writes raw S16LE to `output`.
func fileBackedALSAConfiguration(input: String, output: String) throws -> ALSAConfiguration {
    try ALSAConfiguration(text: """
        pcm.kaamos_test_capture {
            type file
            slave.pcm { type null }
            file "/dev/null"
            infile "\(input)"
            format raw
        }
        pcm.kaamos_test_playback {
            type file
            slave.pcm { type null }
            file "\(output)"
            format raw
        }
        """)
}

func littleEndianBytes(_ samples: [Int16]) -> Data {
    var data = Data(capacity: samples.count * 2)
    for sample in samples {
        data.append(UInt8(truncatingIfNeeded: sample))
        data.append(UInt8(truncatingIfNeeded: sample >> 8))
    }
    return data
}

func samples(fromLittleEndian data: Data) -> [Int16] {
    let bytes = [UInt8](data)
    return stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
}

/// Normalised cross-correlation at lag 0: 1 for identical shapes, about 0 for unrelated signals.
func correlation(_ a: [Int16], _ b: [Int16]) -> Double {
    let count = min(a.count, b.count)
    guard count > 0 else { return 0 }
    var ab = 0.0, aa = 0.0, bb = 0.0
    for i in 0..<count {
        let x = Double(a[i]), y = Double(b[i])
        ab += x * y; aa += x * x; bb += y * y
    }
    return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
}

/// Spins (yielding the CPU) until `condition` holds or `seconds` pass; the null ALSA slave is not paced
/// in real time, so this normally returns within microseconds and the deadline only catches a hang.
func waitUntil(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        sched_yield()
    }
    return true
}
