import Foundation
import KaamosTestSupport
import Testing
@testable import MediaIO

@Suite struct CaptureAudioTests {
    @Test(arguments: [AudioFormat(channels: 1, periodMilliseconds: 20), AudioFormat(channels: 2, periodMilliseconds: 10)])
    func capturesTheKnownSignalFromTheFilePlugin(format: AudioFormat) throws {
        let directory = TemporaryDirectory()
        let signal = sineSamples(frames: 4800, channels: format.channels, frequency: 523)
        try littleEndianBytes(signal).write(to: URL(fileURLWithPath: directory.file("in.raw")))
        let configuration = try fileBackedALSAConfiguration(input: directory.file("in.raw"), output: directory.file("out.raw"))

        let capture = try AudioCapture(device: "kaamos_test_capture", format: format, configuration: configuration,
                                       bufferMilliseconds: 200, realtimePriority: false)
        try capture.start()
        // The ring (200 ms) holds more than the 100 ms signal; once it is full, later periods are dropped
        // rather than overwriting, so the signal stays at the front however fast the unpaced slave runs.
        #expect(eventuallyBlocking(every: .milliseconds(1)) { capture.ring.count >= signal.count })
        capture.stop()
        var period = [Int16](repeating: 0, count: format.samplesPerPeriod)
        #expect(period.withUnsafeMutableBufferPointer { capture.readPeriod(into: $0) })
        #expect(period == Array(signal.prefix(format.samplesPerPeriod)))
        let captured = period + capture.read(maximumSamples: signal.count - period.count)
        #expect(captured == signal)
        #expect(correlation(captured, signal) > 0.999)
        #expect(capture.capturedFrameCount >= 4800)
        #expect(capture.failure == nil)
        #expect(!capture.isRunning)
    }

    @Test func missingDeviceGivesAClearSentence() {
        let error = #expect(throws: AudioDeviceError.self) { try AudioCapture(device: "hw:7") }
        #expect(error?.description == "audio device 'hw:7' cannot be opened: No such file or directory")
        let undefined = #expect(throws: AudioDeviceError.self) { try AudioCapture(device: "kaamos_no_such_pcm") }
        #expect(undefined?.description.hasPrefix("audio device 'kaamos_no_such_pcm' cannot be opened: ") == true)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/dev/snd")))
    func defaultDeviceFailsWithoutCrashingOnAMachineWithoutSoundCard() throws {
        let error = #expect(throws: AudioDeviceError.self) { try AudioCapture(device: "default") }
        #expect(error?.description.hasPrefix("audio device 'default' cannot be opened:") == true)
    }

    @Test func unsupportedFormatsAreRefusedBeforeOpening() {
        let error = #expect(throws: AudioDeviceError.self) {
            try AudioCapture(device: "default", format: AudioFormat(channels: 6))
        }
        #expect(error == .unsupportedFormat(device: "default", reason: "6 channels (only mono or stereo)"))
        #expect(throws: AudioDeviceError.self) { try AudioCapture(format: AudioFormat(periodMilliseconds: 15)) }
    }

    @Test func badConfigurationTextIsAnError() {
        let error = #expect(throws: AudioDeviceError.self) { try ALSAConfiguration(text: "pcm.x { type file ") }
        #expect(error?.description.hasPrefix("ALSA configuration is invalid") == true)
    }

    @Test func enumerationWithoutSoundCardIsEmpty() throws {
        let list = AudioDevices.list()
        #expect(!list.capture.contains { $0.name == "null" })
        if !FileManager.default.fileExists(atPath: "/dev/snd") {
            #expect(list.capture.allSatisfy { !$0.name.hasPrefix("hw:") })
            #expect(list.playback.allSatisfy { !$0.name.hasPrefix("hw:") })
        }
    }
}

extension CaptureAudioTests {
    @Test func configurationCanComeFromAFile() throws {
        let directory = TemporaryDirectory()
        let signal = sineSamples(frames: 960, frequency: 250)
        try littleEndianBytes(signal).write(to: URL(fileURLWithPath: directory.file("in.raw")))
        let configPath = directory.file("asound.conf")
        try """
            pcm.mic {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "\(directory.file("in.raw"))"
                format raw
            }
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let capture = try AudioCapture(device: "mic", configuration: ALSAConfiguration(path: configPath),
                                       bufferMilliseconds: 40, realtimePriority: false)
        try capture.start()
        #expect(eventuallyBlocking(every: .milliseconds(1)) { capture.ring.count >= signal.count })
        capture.stop()
        #expect(capture.read(maximumSamples: signal.count) == signal)
        #expect(throws: AudioDeviceError.self) { try ALSAConfiguration(path: directory.file("missing.conf")) }
    }
}
