import Foundation
import RTCBase
import Testing
@testable import MediaIO

/// Two remote participants through the whole receive side: jitter buffer per source, a stand-in decoder,
/// level meters, the mixer and ALSA playback into the `file` plugin. Time is simulated; nothing sleeps.
@Suite struct PlaybackPipelineTests {
    /// Stands in for the Opus decoder: a packet carries its frame index, and decodes to that 20 ms slice
    /// of the source's tone, so the expected output is known sample by sample. Concealment is silence.
    struct FakeDecoder {
        let frequency: Double
        let amplitude: Double
        func decode(_ packet: [UInt8]) -> [Int16] {
            let index = Int(packet[0]) << 8 | Int(packet[1])
            return slice(index)
        }
        func slice(_ index: Int) -> [Int16] {
            (0..<960).map { i in
                Int16(amplitude * sin(2 * Double.pi * frequency * Double(index * 960 + i) / 48000))
            }
        }
    }

    @Test func twoJitteryParticipantsAreMixedInOrderAndPlayed() throws {
        let directory = TemporaryDirectory()
        let output = directory.file("out.raw")
        let configuration = try fileBackedALSAConfiguration(input: directory.file("unused.raw"), output: output)
        let playback = try AudioPlayback(device: "kaamos_test_playback", configuration: configuration,
                                         bufferMilliseconds: 4000, realtimePriority: false)

        let decoders = [FakeDecoder(frequency: 300, amplitude: 9000), FakeDecoder(frequency: 700, amplitude: 60)]
        var buffers = [AudioJitterBuffer(), AudioJitterBuffer()]
        var meters = [LevelMeter(), LevelMeter()]
        var mixer = AudioMixer(samplesPerPeriod: 960)
        var random = SeededRandom(seed: 3)

        // 100 packets per source sent every 20 ms, each delayed 0-50 ms on the way.
        var arrivals: [(time: Int64, source: Int, index: Int)] = []
        for source in 0..<2 {
            for index in 0..<100 { arrivals.append((Int64(index) * 20 + Int64.random(in: 0...50, using: &random), source, index)) }
        }
        arrivals.sort { $0.time < $1.time }

        var expected: [Int16] = []
        var playedIndices: [[Int]] = [[], []]
        var next = 0
        var mixed = [Int16](repeating: 0, count: 960)
        for tick in stride(from: Int64(0), to: 2600, by: 20) {
            while next < arrivals.count, arrivals[next].time <= tick {
                let (time, source, index) = arrivals[next]
                buffers[source].insert(sequenceNumber: UInt16(index), timestamp: UInt32(index * 960),
                                       payload: [UInt8(index >> 8), UInt8(index & 0xFF)], now: .milliseconds(time))
                next += 1
            }
            mixer.begin()
            var anyAudio = false
            var periodExpected = [Int32](repeating: 0, count: 960)
            for source in 0..<2 {
                guard case let .packet(bytes) = buffers[source].pop(now: .milliseconds(tick)) else { continue }
                playedIndices[source].append(Int(bytes[0]) << 8 | Int(bytes[1]))
                let pcm = decoders[source].decode(bytes)
                meters[source].process(pcm)
                mixer.add(pcm, from: UInt32(source))
                for i in 0..<960 { periodExpected[i] += Int32(pcm[i]) }
                anyAudio = true
            }
            guard anyAudio else { continue }
            mixed.withUnsafeMutableBufferPointer { mixer.finish(into: $0) }
            #expect(playback.write(mixed) == 960)
            expected += periodExpected.map { Int16($0) }
        }

        try playback.start()
        playback.stop(draining: true)
        let written = samples(fromLittleEndian: try Data(contentsOf: URL(fileURLWithPath: output)))

        #expect(Array(written.prefix(expected.count)) == expected)
        #expect(expected.count >= 960 * 97)
        for source in 0..<2 {
            let indices = playedIndices[source]
            // In order, none twice, and nearly all of them: 0-50 ms of jitter fits inside the adaptive delay.
            #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 })
            #expect(indices.count >= 97, "source \(source) played \(indices.count)")
            let statistics = buffers[source].statistics
            let accounted = statistics.played + statistics.late + statistics.droppedForLatency
            #expect(accounted == 100)
        }
        #expect(meters[0].isSpeaking)
        #expect(!meters[1].isSpeaking)
        #expect(mixer.clippedSampleCount == 0)
    }
}
