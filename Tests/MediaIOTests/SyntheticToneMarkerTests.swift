import Testing
@testable import MediaIO

@Suite struct SyntheticToneMarkerTests {
    @Test func markersAreFoundExactlyInCleanAudio() {
        var tone = ToneSource(markerInterval: 24_000, firstMarkerPosition: 5_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for _ in 0..<150 { found += detector.process(tone.nextFrame()) }
        #expect(found.map(\.sequence) == Array(0..<6))
        for marker in found {
            #expect(marker.position == tone.markerPosition(index: Int64(marker.sequence)))
        }
    }

    @Test(arguments: [0.05, 0.3, 0.9])
    func levelDoesNotMatter(level: Double) {
        var tone = ToneSource(level: level, markerInterval: 12_000, firstMarkerPosition: 1_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for _ in 0..<40 { found += detector.process(tone.nextFrame()) }
        #expect(found.map(\.sequence) == [0, 1, 2])
    }

    @Test func stereoIsDetected() {
        var tone = ToneSource(channels: 2, markerInterval: 12_000, firstMarkerPosition: 3_000)
        var detector = AudioMarkerDetector(channels: 2)
        var found: [AudioMarker] = []
        for _ in 0..<40 { found += detector.process(tone.nextFrame()) }
        #expect(found.map(\.position) == [3_000, 15_000, 27_000])
    }

    @Test func plainToneHasNoMarkers() {
        var tone = ToneSource(markerInterval: nil)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for _ in 0..<100 { found += detector.process(tone.nextFrame()) }
        #expect(found.isEmpty)
    }

    @Test func markersSurviveOpusAt32kbpsWithinOneMillisecond() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        let decoder = try OpusDecoder()
        var tone = ToneSource(markerInterval: 48_000, firstMarkerPosition: 24_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for _ in 0..<(50 * 6) { found += try detector.process(decoder.decode(encoder.encode(tone.nextFrame()))) }
        #expect(found.map(\.sequence) == Array(0..<6))
        var worst: Int64 = 0
        for marker in found {
            let expected = tone.markerPosition(index: Int64(marker.sequence))! + Int64(encoder.lookahead)
            worst = max(worst, abs(marker.position - expected))
        }
        print("Audio marker position error after Opus 32 kbps: at most \(worst) samples")
        #expect(worst <= 48)
    }

    @Test func aLostPacketLosesAtMostTheMarkerItHit() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        let decoder = try OpusDecoder()
        var tone = ToneSource(markerInterval: 48_000, firstMarkerPosition: 24_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for index in 0..<(50 * 4) {
            let packet = try encoder.encode(tone.nextFrame())
            // Frame 76 holds samples 72 960..<73 920, inside marker 1 (72 000..<78 240).
            let pcm = index == 76 ? decoder.decodeMissing(frameSamples: 960) : try decoder.decode(packet)
            found += detector.process(pcm)
        }
        #expect(found.map(\.sequence) == [0, 2, 3])
    }
}
