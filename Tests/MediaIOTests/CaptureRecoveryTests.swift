import Foundation
import KaamosTestSupport
import Testing
@testable import MediaIO

@Suite struct CaptureRecoveryTests {
    let format = AudioFormat(channels: 1, periodMilliseconds: 10)

    @Test func overrunsAreRecoveredCountedAndCaptureGoesOn() {
        let pcm = ScriptedPCM(periodFrames: 480, script: [.frames(1), .error(EPIPE), .frames(2), .error(EINTR),
                                                         .error(EAGAIN), .error(ESTRPIPE), .frames(3)])
        let capture = AudioCapture(stream: pcm, format: format)
        #expect(throws: Never.self) { try capture.start() }
        // After the script the device reports ENODEV, which ends the thread by itself.
        #expect(eventuallyBlocking(every: .milliseconds(1)) { !capture.isRunning })
        capture.stop()
        #expect(capture.xrunCount == 2)
        #expect(pcm.recoveries == [-Int(EPIPE), -Int(ESTRPIPE), -Int(ENODEV)])
        #expect(capture.read(maximumSamples: 10_000) == [Int16](repeating: 1, count: 480)
                + [Int16](repeating: 2, count: 480) + [Int16](repeating: 3, count: 480))
        #expect(capture.failure == .streamFailed(device: "scripted", reason: "No such device"))
        #expect(capture.failure?.description == "audio device 'scripted' stopped working: No such device")
        #expect(pcm.closed)
        #expect(pcm.waits == 1, "EAGAIN waits for the device instead of spinning")
        let restart = #expect(throws: AudioDeviceError.self) { try capture.start() }
        #expect(restart?.description == "audio device 'scripted' stopped working: it was stopped; open it again to restart")
    }

    @Test func aFullRingDropsAndCountsNewSamples() {
        let pcm = ScriptedPCM(periodFrames: 480, script: Array(repeating: .frames(5), count: 30))
        // 100 ms ring = 4800 samples = 10 periods; the other 20 periods are dropped.
        let capture = AudioCapture(stream: pcm, format: format, bufferMilliseconds: 100)
        #expect(throws: Never.self) { try capture.start() }
        #expect(eventuallyBlocking(every: .milliseconds(1)) { !capture.isRunning })
        capture.stop()
        #expect(capture.ring.count == 4800)
        #expect(capture.droppedSampleCount == 20 * 480)
        #expect(capture.capturedFrameCount == 30 * 480)
    }
}
