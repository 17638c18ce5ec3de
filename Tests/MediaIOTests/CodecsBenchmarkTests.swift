import Testing
import MediaIO

@Suite struct CodecsBenchmarkTests {
    @Test func benchmarksReturnPositiveMedians() {
        let figures = [
            ("vp8 encode ms", CodecBenchmark.vp8EncodeMilliseconds(frames: 10)),
            ("vp8 decode ms", CodecBenchmark.vp8DecodeMilliseconds(frames: 10)),
            ("opus encode us", CodecBenchmark.opusEncodeMicroseconds(frames: 20)),
            ("opus decode us", CodecBenchmark.opusDecodeMicroseconds(frames: 20)),
            ("downscale ms", CodecBenchmark.downscaleMilliseconds(frames: 5)),
        ]
        for (name, value) in figures {
            print("bench \(name): \(value)")
            #expect(value > 0 && value.isFinite, "\(name)")
        }
    }
}
