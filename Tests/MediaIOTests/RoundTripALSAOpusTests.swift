import Foundation
import KaamosTestSupport
import Testing
@testable import MediaIO

/// The whole audio path without a sound card: a tone with markers is captured from ALSA's `file`
/// plugin, encoded and decoded with Opus period by period as a call would, and played back into
/// another `file` PCM. What comes out must be the input, delayed by the codec's look-ahead.
@Suite struct RoundTripALSAOpusTests {
    @Test func captureEncodeDecodePlaybackKeepsTheSignal() throws {
        let directory = TemporaryDirectory()
        var tone = ToneSource(frequency: 440, markerInterval: 24_000, firstMarkerPosition: 12_000)
        var input: [Int16] = []
        for _ in 0..<150 { input += tone.nextFrame() }  // 3 s, markers 0...5
        try littleEndianBytes(input).write(to: URL(fileURLWithPath: directory.file("in.raw")))
        let configuration = try fileBackedALSAConfiguration(input: directory.file("in.raw"), output: directory.file("out.raw"))

        // Capture: the unpaced file plugin fills the ring (4 s) with the whole signal at once.
        let capture = try AudioCapture(device: "kaamos_test_capture", configuration: configuration,
                                       bufferMilliseconds: 4000, realtimePriority: false)
        try capture.start()
        #expect(eventuallyBlocking(every: .milliseconds(1)) { capture.ring.count >= input.count })
        capture.stop()
        #expect(capture.failure == nil)

        // Encode and decode each captured 20 ms period, as the call does.
        let encoder = try OpusEncoder(bitrate: 32_000)
        let decoder = try OpusDecoder()
        var period = [Int16](repeating: 0, count: capture.format.samplesPerPeriod)
        var captured: [Int16] = [], decoded: [Int16] = []
        while captured.count < input.count, period.withUnsafeMutableBufferPointer({ capture.readPeriod(into: $0) }) {
            captured += period
            decoded += try decoder.decode(encoder.encode(period))
        }
        #expect(captured == input, "the capture leg is lossless")
        #expect(decoded.count == input.count)

        // Playback into the file plugin, drained to the end.
        let playback = try AudioPlayback(device: "kaamos_test_playback", configuration: configuration,
                                         bufferMilliseconds: 4000, realtimePriority: false)
        #expect(playback.write(decoded) == decoded.count)
        try playback.start()
        playback.stop(draining: true)
        #expect(playback.failure == nil)
        let played = Array(samples(fromLittleEndian: try Data(contentsOf: URL(fileURLWithPath: directory.file("out.raw")))).prefix(input.count))
        #expect(played.count == input.count)

        // Align by the lag that correlates best over one settled second, then compare everything after it.
        let delay = encoder.lookahead
        let window = 48_000..<96_000
        let bestLag = (0...1200).max { lagCorrelation(input, played, lag: $0, over: window) < lagCorrelation(input, played, lag: $1, over: window) }!
        #expect(abs(bestLag - delay) <= 2, "best lag \(bestLag), codec look-ahead \(delay)")
        let aligned = correlation(Array(input.prefix(input.count - delay)), Array(played.dropFirst(delay)))
        let unaligned = correlation(input, played)
        print("ALSA -> Opus 32 kbps -> ALSA: normalized cross-correlation \(aligned) aligned by \(delay) samples, \(unaligned) unaligned")
        #expect(aligned > 0.9)
        #expect(unaligned < aligned - 0.2, "the alignment matters: \(unaligned)")

        // The markers come out whole, each where it went in plus the look-ahead.
        var detector = AudioMarkerDetector()
        let markers = detector.process(played)
        #expect(markers.map(\.sequence) == Array(0..<6))
        for marker in markers {
            let expected = tone.markerPosition(index: Int64(marker.sequence))! + Int64(delay)
            #expect(abs(marker.position - expected) <= 48, "marker \(marker.sequence) at \(marker.position), expected \(expected)")
        }
    }

    @Test func aBrokenCodecLegIsCaught() throws {
        // The same comparison on a signal that lost 20 ms every 100 ms must fail the 0.9 bar, or the
        // bar proves nothing.
        var tone = ToneSource(frequency: 440, markerInterval: nil)
        var input: [Int16] = [], damaged: [Int16] = []
        var random = SeededGenerator(seed: 7)
        for index in 0..<150 {
            let frame = tone.nextFrame()
            input += frame
            damaged += index % 5 == 2 ? [Int16](repeating: 0, count: frame.count) : frame.map { $0 / 2 &+ Int16.random(in: -3000...3000, using: &random) }
        }
        #expect(correlation(input, damaged) < 0.9)
    }
}

/// Normalized cross-correlation of `a[i]` with `b[i + lag]` for i in `range`.
func lagCorrelation(_ a: [Int16], _ b: [Int16], lag: Int, over range: Range<Int>) -> Double {
    var ab = 0.0, aa = 0.0, bb = 0.0
    for index in range where index + lag < b.count {
        let x = Double(a[index]), y = Double(b[index + lag])
        ab += x * y; aa += x * x; bb += y * y
    }
    return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
}
