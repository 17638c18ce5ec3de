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

/// A PCM that follows a script, for the xrun and failure paths the file plugin cannot produce.
/// Each call to read or write consumes one step; when the script runs out the device is "unplugged"
/// (-ENODEV, which snd_pcm_recover would not fix).
final class ScriptedPCM: PCMStream, @unchecked Sendable {
    enum Step { case frames(Int16), error(Int32) }

    let name: String
    let periodFrames: Int
    let channels: Int
    private var script: [Step]
    private(set) var written: [Int16] = []
    private(set) var recoveries: [Int] = []
    private(set) var closed = false

    init(name: String = "scripted", periodFrames: Int, channels: Int = 1, script: [Step]) {
        self.name = name
        self.periodFrames = periodFrames
        self.channels = channels
        self.script = script.reversed()
    }

    private func nextStep() -> Step { script.popLast() ?? .error(ENODEV) }

    func read(_ buffer: UnsafeMutablePointer<Int16>, frames: Int) -> Int {
        switch nextStep() {
        case let .frames(value):
            buffer.update(repeating: value, count: frames * channels)
            return frames
        case let .error(code): return -Int(code)
        }
    }

    func write(_ buffer: UnsafePointer<Int16>, frames: Int) -> Int {
        switch nextStep() {
        case .frames:
            written.append(contentsOf: UnsafeBufferPointer(start: buffer, count: frames * channels))
            return frames
        case let .error(code): return -Int(code)
        }
    }

    func recover(from error: Int) -> Int32 {
        recoveries.append(error)
        return error == -Int(EPIPE) || error == -Int(ESTRPIPE) ? 0 : Int32(error)
    }

    private(set) var waits = 0
    func wait(timeoutMilliseconds: Int32) -> Int32 {
        waits += 1
        return 1
    }

    func drain() {}
    func drop() {}
    func close() { closed = true }
}
