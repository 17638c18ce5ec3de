import Foundation
import KaamosTestSupport
import Testing
@testable import MediaIO

@Suite struct PlaybackAudioTests {
    @Test(arguments: [AudioFormat(channels: 1, periodMilliseconds: 20), AudioFormat(channels: 2, periodMilliseconds: 10)])
    func playsExactlyWhatWasQueued(format: AudioFormat) throws {
        let directory = TemporaryDirectory()
        let output = directory.file("out.raw")
        let configuration = try fileBackedALSAConfiguration(input: directory.file("unused.raw"), output: output)
        // 2.5 periods: the last one is padded with silence when draining.
        let signal = sineSamples(frames: format.framesPerPeriod * 5 / 2, channels: format.channels, frequency: 300)

        let playback = try AudioPlayback(device: "kaamos_test_playback", format: format, configuration: configuration,
                                         realtimePriority: false)
        #expect(playback.write(signal) == signal.count)
        try playback.start()
        // The unpaced null slave may consume the queue before stop() is even called, after which the
        // thread plays silence; either way the file must hold the signal first, then only silence.
        playback.stop(draining: true)

        let written = samples(fromLittleEndian: try Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(written.count >= format.samplesPerPeriod * 3)
        #expect(written.count % format.samplesPerPeriod == 0)
        #expect(Array(written.prefix(signal.count)) == signal)
        #expect(written.dropFirst(signal.count).allSatisfy { $0 == 0 })
        #expect(correlation(Array(written.prefix(signal.count)), signal) > 0.999)
        #expect(playback.playedFrameCount * format.channels == written.count)
        #expect(playback.failure == nil)
    }

    @Test func emptyRingPlaysSilenceAndCountsUnderruns() throws {
        let directory = TemporaryDirectory()
        let output = directory.file("out.raw")
        let configuration = try fileBackedALSAConfiguration(input: directory.file("unused.raw"), output: output)
        let playback = try AudioPlayback(device: "kaamos_test_playback", configuration: configuration,
                                         realtimePriority: false)
        try playback.start()
        #expect(eventuallyBlocking(every: .milliseconds(1)) { playback.underrunCount >= 3 })
        playback.stop()
        let written = samples(fromLittleEndian: try Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(!written.isEmpty)
        #expect(written.allSatisfy { $0 == 0 })
    }

    @Test func missingPlaybackDeviceGivesAClearSentence() {
        let error = #expect(throws: AudioDeviceError.self) { try AudioPlayback(device: "hw:5,0") }
        #expect(error?.description == "audio device 'hw:5,0' cannot be opened: No such file or directory")
    }
}
