import Testing
@testable import MediaIO

@Suite struct PlaybackLevelMeterTests {
    let period = 960  // 20 ms at 48 kHz

    @Test func reportsFullScaleAndSineLevels() {
        var square = LevelMeter()
        square.process([Int16](repeating: 0, count: period).enumerated().map { $0.offset % 2 == 0 ? 32767 : -32767 })
        #expect(abs(square.rms) < 0.01)
        #expect(abs(square.peak) < 0.01)

        var sine = LevelMeter()
        sine.process(sineSamples(frames: period, frequency: 1000, amplitude: 32767))
        #expect(abs(sine.rms + 3.01) < 0.05)

        var quiet = LevelMeter()
        quiet.process(sineSamples(frames: period, frequency: 1000, amplitude: 327.67))
        #expect(abs(quiet.rms + 43.01) < 0.1)
        #expect(abs(quiet.peak + 40) < 0.1)

        var silent = LevelMeter()
        silent.process([Int16](repeating: 0, count: period))
        #expect(silent.rms == LevelMeter.floor)
        #expect(silent.peak == LevelMeter.floor)
    }

    @Test func levelsDecayAtTheConfiguredRate() {
        var meter = LevelMeter()
        meter.process(sineSamples(frames: period, amplitude: 16384))
        let start = meter.peak
        for _ in 0..<10 { meter.process([Int16](repeating: 0, count: period)) }
        // 200 ms at 30 dB/s: 6 dB down.
        #expect(abs((start - meter.peak) - 6) < 0.01)
        for _ in 0..<500 { meter.process([Int16](repeating: 0, count: period)) }
        #expect(meter.peak == LevelMeter.floor)
    }

    @Test func speakingHasHysteresisAndHangover() {
        var meter = LevelMeter()
        let speech = sineSamples(frames: period, amplitude: 3000)   // about -23 dBFS
        let murmur = sineSamples(frames: period, amplitude: 100)    // about -53 dBFS: below both thresholds
        let middle = sineSamples(frames: period, amplitude: 200)    // about -47 dBFS: between them
        #expect(!meter.isSpeaking)
        meter.process(middle)
        #expect(!meter.isSpeaking, "between thresholds does not start speaking")
        meter.process(speech)
        #expect(meter.isSpeaking)
        for _ in 0..<10 { meter.process(middle) }
        #expect(meter.isSpeaking, "between thresholds keeps speaking")
        for _ in 0..<19 { meter.process(murmur) }
        #expect(meter.isSpeaking, "380 ms of quiet is within the 400 ms hangover")
        meter.process(murmur)
        #expect(!meter.isSpeaking)
    }

    @Test func stereoDurationCountsFramesNotSamples() {
        var meter = LevelMeter(channels: 2)
        meter.process(sineSamples(frames: period, channels: 2, amplitude: 16384))
        let start = meter.peak
        meter.process([Int16](repeating: 0, count: period * 2))
        #expect(abs((start - meter.peak) - 0.6) < 0.01)
    }
}
