import RTCBase
import RTCMedia
import Testing

@Suite struct BitrateMeterTests {
    @Test func rateOverTheLastLongEnoughSpan() {
        var meter = BitrateMeter(minimumSpan: .milliseconds(500))
        let start = Instant.milliseconds(1_000)
        #expect(meter.record(totalBytes: 0, now: start) == 0)
        // 125,000 bytes in one second: 1,000 kbit/s.
        #expect(meter.record(totalBytes: 125_000, now: start + .seconds(1)) == 1_000)
        // A sample 100 ms later is too soon to replace the figure.
        #expect(meter.record(totalBytes: 200_000, now: start + .milliseconds(1_100)) == 1_000)
        // Half a second after the last counted sample: (250,000 - 125,000) bytes over 0.5 s.
        #expect(meter.record(totalBytes: 250_000, now: start + .milliseconds(1_500)) == 2_000)
    }

    @Test func emptySpanIsZero() {
        #expect(BitrateMeter.kilobitsPerSecond(bytes: 1_000, seconds: 0) == 0)
        #expect(BitrateMeter.kilobitsPerSecond(bytes: 1_000, seconds: 1) == 8)
    }
}
