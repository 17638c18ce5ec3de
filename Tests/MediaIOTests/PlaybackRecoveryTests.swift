import Foundation
import KaamosTestSupport
import Testing
@testable import MediaIO

@Suite struct PlaybackRecoveryTests {
    @Test func underrunIsRecoveredAndThePeriodIsWrittenAgain() {
        let format = AudioFormat(channels: 2, periodMilliseconds: 10)
        let pcm = ScriptedPCM(periodFrames: 480, channels: 2, script: [.frames(0), .error(EPIPE), .frames(0), .frames(0)])
        let playback = AudioPlayback(stream: pcm, format: format)
        let signal = sineSamples(frames: 960, channels: 2)
        #expect(playback.write(signal) == signal.count)
        #expect(playback.queuedFrameCount == 960)
        #expect(throws: Never.self) { try playback.start() }
        #expect(eventuallyBlocking(every: .milliseconds(1)) { !playback.isRunning })
        playback.stop()
        #expect(playback.xrunCount == 1)
        // The period interrupted by the xrun is written again whole, so nothing is lost or doubled.
        #expect(Array(pcm.written.prefix(1920)) == signal)
        #expect(pcm.written.count == 3 * 960)
        #expect(pcm.written.dropFirst(1920).allSatisfy { $0 == 0 })
        // Periods 3 and 4 found the ring empty (4 never reached the device, which was gone by then).
        #expect(playback.underrunCount == 2)
        #expect(playback.failure == .streamFailed(device: "scripted", reason: "No such device"))
    }
}
