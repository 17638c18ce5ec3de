import Foundation
import Testing
import MediaIO

@Suite(.serialized) struct CodecsBenchmarkTests {
    @Test func benchmarksReturnPositiveMedians() {
        let figures = [
            ("vp8 encode ms", CodecBenchmark.vp8EncodeMilliseconds(frames: 10)),
            ("vp8 decode ms", CodecBenchmark.vp8DecodeMilliseconds(frames: 10)),
            ("h264 encode ms", CodecBenchmark.h264EncodeMilliseconds(frames: 10)),
            ("h264 decode ms", CodecBenchmark.h264DecodeMilliseconds(frames: 10)),
            ("opus encode us", CodecBenchmark.opusEncodeMicroseconds(frames: 20)),
            ("opus decode us", CodecBenchmark.opusDecodeMicroseconds(frames: 20)),
            ("downscale ms", CodecBenchmark.downscaleMilliseconds(frames: 5)),
        ]
        for (name, value) in figures {
            #expect(value > 0 && value.isFinite, "\(name)")
        }
    }

    /// The figures for the report: `KAAMOS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter CodecsBenchmarkTests`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KAAMOS_BENCH"] == "1", "benchmark, run when asked"))
    func releaseFigures() {
        print("bench vp8 encode 640x360 800 kbps: \(CodecBenchmark.vp8EncodeMilliseconds(frames: 300)) ms median")
        print("bench vp8 decode 640x360 800 kbps: \(CodecBenchmark.vp8DecodeMilliseconds(frames: 300)) ms median")
        print("bench h264 encode 640x360 800 kbps: \(CodecBenchmark.h264EncodeMilliseconds(frames: 300)) ms median")
        print("bench h264 decode 640x360 800 kbps: \(CodecBenchmark.h264DecodeMilliseconds(frames: 300)) ms median")
        print("bench opus encode 20 ms 32 kbps: \(CodecBenchmark.opusEncodeMicroseconds(frames: 1000)) us median")
        print("bench opus decode 20 ms 32 kbps: \(CodecBenchmark.opusDecodeMicroseconds(frames: 1000)) us median")
        print("bench scale 640x360 -> 320x180: \(CodecBenchmark.downscaleMilliseconds(frames: 200)) ms median")
        var tone = ToneSource()
        let frames = (0..<500).map { _ in tone.nextFrame() }
        var detector = AudioMarkerDetector()
        let start = ContinuousClock.now
        var found = 0
        for frame in frames { found += detector.process(frame).count }
        let elapsed = ContinuousClock.now - start
        print("bench marker detector: \(elapsed / 500) per 20 ms frame, \(found) markers")
        let pattern = TestPatternSource(width: 640, height: 360)
        let patternStart = ContinuousClock.now
        for number in 0..<100 { _ = pattern.frame(number: UInt32(number), timestampMicros: 0) }
        print("bench test pattern 640x360: \((ContinuousClock.now - patternStart) / 100) per frame")
    }
}
