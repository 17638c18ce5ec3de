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

    @Test(arguments: [16_000, 32_000, 64_000])
    func markersSurviveOpusWithinOneMillisecond(bitrate: Int) throws {
        let encoder = try OpusEncoder(bitrate: bitrate)
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
        print("Audio marker position error after Opus \(bitrate / 1000) kbps: at most \(worst) samples")
        #expect(worst <= 48)
    }

    @Test(arguments: [8_000, 12_000])
    func lowBitratesLoseSomeMarkersButNeverMisread(bitrate: Int) throws {
        let encoder = try OpusEncoder(bitrate: bitrate)
        let decoder = try OpusDecoder()
        var tone = ToneSource(markerInterval: 48_000, firstMarkerPosition: 24_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for _ in 0..<(50 * 12) { found += try detector.process(decoder.decode(encoder.encode(tone.nextFrame()))) }
        print("Audio markers after Opus \(bitrate / 1000) kbps: \(found.count)/12 found")
        #expect(found.count >= (bitrate >= 12_000 ? 9 : 2))
        for marker in found {
            let expected = tone.markerPosition(index: Int64(marker.sequence))! + Int64(encoder.lookahead)
            #expect(abs(marker.position - expected) <= 48, "marker \(marker.sequence) misplaced")
        }
    }

    @Test func aLostPacketLosesAtMostTheMarkerItHit() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        let decoder = try OpusDecoder()
        var tone = ToneSource(markerInterval: 48_000, firstMarkerPosition: 24_000)
        var detector = AudioMarkerDetector()
        var found: [AudioMarker] = []
        for index in 0..<(50 * 4) {
            let packet = try encoder.encode(tone.nextFrame())
            // Frame 78 holds samples 74 880..<75 840, inside marker 1's data (72 000..<80 640).
            let pcm = index == 78 ? decoder.decodeMissing(frameSamples: 960) : try decoder.decode(packet)
            found += detector.process(pcm)
        }
        // Concealment may even rebuild the hit marker; what matters is that no other marker suffers.
        #expect(found.map(\.sequence).filter { $0 != 1 } == [0, 2, 3])
        #expect(found.allSatisfy { abs($0.position - tone.markerPosition(index: Int64($0.sequence))! - Int64(encoder.lookahead)) <= 48 })
    }
}
