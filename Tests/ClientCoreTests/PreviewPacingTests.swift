import ClientCore
import Testing

@Suite struct PreviewPacingTests {
    @Test func ticksFallOnTheRateWithoutDrift() {
        var pacer = FrameSchedule(framesPerSecond: 30, originMicros: 1_000)
        for _ in 0..<3000 { pacer.advance(now: pacer.deadlineMicros) }
        #expect(pacer.tick == 3000)
        #expect(pacer.deadlineMicros == 1_000 + 100_000_000)
        #expect(pacer.skippedTicks == 0)
    }

    @Test func lessThanAnIntervalLateSkipsNothing() {
        var pacer = FrameSchedule(framesPerSecond: 25, originMicros: 0)
        pacer.advance(now: 39_999 + 40_000 - 1)  // tick 0 handled just under one interval after tick 1 was due
        #expect(pacer.tick == 1 && pacer.skippedTicks == 0)
    }

    @Test func ticksAWholeIntervalPastAreSkipped() {
        var pacer = FrameSchedule(framesPerSecond: 25, originMicros: 0)
        pacer.advance(now: 80_000)  // ticks 1 (40 ms) is an interval old; tick 2 (80 ms) is due now
        #expect(pacer.tick == 2 && pacer.skippedTicks == 1)
        pacer.advance(now: 3_600_000_000)  // an hour suspended
        #expect(pacer.tick == 90_000 && pacer.skippedTicks == 89_998)
        #expect(pacer.deadlineMicros == 3_600_000_000)
    }

    @Test func fractionalRatesRoundEachDeadlineFromTheOrigin() {
        var pacer = FrameSchedule(framesPerSecond: 30_000.0 / 1001, originMicros: 0)
        for _ in 0..<30 { pacer.advance(now: pacer.deadlineMicros) }
        #expect(pacer.deadlineMicros == 1_001_000)
    }
}
