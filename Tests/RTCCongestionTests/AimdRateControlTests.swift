import RTCBase
import Testing
@testable import RTCCongestion

@Suite struct AimdRateControlTests {
    @Test func steadyReadingsRaiseTheRateButNotFarAboveWhatIsDelivered() {
        var control = AimdRateControl(startBitrate: 500_000, minimumBitrate: 50_000, maximumBitrate: 5_000_000)
        var now = Instant.zero
        for _ in 0..<100 {
            now = now + .milliseconds(50)
            control.update(usage: .normal, acknowledged: 500_000, rtt: .milliseconds(50), now: now)
        }
        // 5 s of steady readings, but the receiver only ever got 500 kbit/s.
        #expect(control.bitrate == 500_000 * 3 / 2 + 10_000)
    }

    @Test func startupRampsFasterThanAfterTheFirstOveruse() {
        var control = AimdRateControl(startBitrate: 300_000, minimumBitrate: 50_000, maximumBitrate: 5_000_000)
        var now = Instant.zero
        for _ in 0..<20 {
            now = now + .milliseconds(50)
            control.update(usage: .normal, acknowledged: control.bitrate, rtt: .milliseconds(50), now: now)
        }
        let startupGain = Double(control.bitrate) / 300_000
        control.update(usage: .overusing, acknowledged: 300_000, rtt: .milliseconds(50), now: now + .milliseconds(50))
        let afterCut = control.bitrate
        now = now + .milliseconds(50)
        for _ in 0..<20 {
            now = now + .milliseconds(50)
            control.update(usage: .normal, acknowledged: control.bitrate, rtt: .milliseconds(50), now: now)
        }
        let laterGain = Double(control.bitrate) / Double(afterCut)
        #expect(startupGain > 1.8, "startup: ×\(startupGain) in 1 s")
        #expect(laterGain < 1.15, "after a cut: ×\(laterGain) in 1 s")
    }

    @Test func overuseCutsToAFractionOfTheDeliveredRate() {
        var control = AimdRateControl(startBitrate: 1_000_000, minimumBitrate: 50_000, maximumBitrate: 5_000_000)
        control.update(usage: .overusing, acknowledged: 600_000, rtt: .milliseconds(50), now: .milliseconds(50))
        #expect(control.bitrate == 510_000)
        // A second overuse reading before the cut can have reached the receiver does not cut again.
        control.update(usage: .overusing, acknowledged: 590_000, rtt: .milliseconds(50), now: .milliseconds(70))
        #expect(control.bitrate == 510_000)
        control.update(usage: .overusing, acknowledged: 500_000, rtt: .milliseconds(50), now: .milliseconds(200))
        #expect(control.bitrate == 425_000)
    }

    @Test func underuseHoldsTheRate() {
        var control = AimdRateControl(startBitrate: 400_000, minimumBitrate: 50_000, maximumBitrate: 5_000_000)
        for step in 1...10 {
            control.update(usage: .underusing, acknowledged: 400_000, rtt: .milliseconds(50), now: .milliseconds(Int64(step) * 50))
        }
        #expect(control.bitrate == 400_000)
    }

    @Test func theRateStaysWithinItsBounds() {
        var control = AimdRateControl(startBitrate: 100_000, minimumBitrate: 80_000, maximumBitrate: 150_000)
        for step in 1...100 {
            control.update(usage: .normal, acknowledged: 1_000_000, rtt: .milliseconds(50), now: .milliseconds(Int64(step) * 50))
        }
        #expect(control.bitrate == 150_000)
        control.update(usage: .overusing, acknowledged: 10_000, rtt: .milliseconds(50), now: .seconds(60))
        #expect(control.bitrate == 80_000)
    }
}

extension Instant {
    static func seconds(_ value: Int64) -> Instant { .milliseconds(value * 1000) }
}
