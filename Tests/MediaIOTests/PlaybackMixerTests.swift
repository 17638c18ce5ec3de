import Testing
@testable import MediaIO

@Suite struct PlaybackMixerTests {
    @Test func sumsSourcesSampleBySample() {
        var mixer = AudioMixer(samplesPerPeriod: 4)
        let out = mixer.mix([(1, [100, -200, 300, 0]), (2, [1, 2, 3, 4]), (3, [-1000, 1000, 0, 5])])
        #expect(out == [-899, 802, 303, 9])
        #expect(mixer.clippedSampleCount == 0)
    }

    @Test func saturatesInsteadOfWrapping() {
        var mixer = AudioMixer(samplesPerPeriod: 3)
        let out = mixer.mix([(1, [30000, -30000, 20000]), (2, [30000, -30000, -20000])])
        #expect(out == [32767, -32768, 0])
        #expect(mixer.clippedSampleCount == 2)
    }

    @Test func appliesPerSourceGainAndMute() {
        var mixer = AudioMixer(samplesPerPeriod: 2)
        mixer.setGain(0.5, for: 1)
        mixer.setGain(0, for: 2)
        mixer.setGain(2, for: 3)
        #expect(mixer.mix([(1, [1000, -1001]), (2, [5000, 5000]), (3, [7, -7])]) == [514, -515])
        mixer.setGain(.nan, for: 4)
        mixer.setGain(1000, for: 5)
        #expect(mixer.gain(for: 4) == 0)
        #expect(mixer.gain(for: 5) == AudioMixer.maximumGain)
        mixer.removeSource(1)
        #expect(mixer.gain(for: 1) == 1)
    }

    @Test func shortSourcesArePaddedWithSilence() {
        var mixer = AudioMixer(samplesPerPeriod: 4)
        #expect(mixer.mix([(1, [10, 20]), (2, [1, 1, 1, 1, 99, 99])]) == [11, 21, 1, 1])
    }

    @Test func mixedSineKeepsBothComponents() {
        // Two tones mixed: the mix correlates with each source about equally (1/sqrt(2)).
        let a = sineSamples(frames: 960, frequency: 400, amplitude: 8000)
        let b = sineSamples(frames: 960, frequency: 1100, amplitude: 8000)
        var mixer = AudioMixer(samplesPerPeriod: 960)
        let out = mixer.mix([(1, a), (2, b)])
        #expect(abs(correlation(out, a) - 0.7071) < 0.02)
        #expect(abs(correlation(out, b) - 0.7071) < 0.02)
    }
}
