import LinkEmulation
import RTCBase
import Testing
@testable import RTCCongestion

/// The estimator and pacer against emulated links, the cases of the project's network targets.
@Suite struct BottleneckTests {
    func profile(_ spec: String) throws -> LinkProfile { try LinkProfile(parsing: spec) }

    @Test func aFiveHundredKilobitLinkWithADeepQueueIsFilledButNotFlooded() throws {
        var call = BottleneckCall(link: try profile("rate=500kbit,queue=300ms,delay=25ms"))
        call.run(until: .seconds(30))
        let settled = call.samples(from: .seconds(10), to: .seconds(30))
        let targets = settled.map(\.target)
        let meanTarget = targets.reduce(0, +) / targets.count
        let meanQueue = settled.map(\.queueDelay.milliseconds).reduce(0, +) / Double(settled.count)
        #expect(meanTarget > 300_000 && meanTarget < 560_000, "mean target \(meanTarget)")
        #expect(meanQueue < 120, "mean queue \(meanQueue) ms")
        let sent = call.sentBytesPerSecond[10..<30].map { $0 * 8 }
        #expect(sent.allSatisfy { $0 < 525_000 }, "sent per second: \(sent)")
        #expect(call.forward.counters.queueDroppedPackets * 100 < call.forward.counters.offeredPackets * 2,
                "queue drops: \(call.forward.counters)")
    }

    @Test func rampsUpToAMegabitWithinFiveSecondsOnATwoMegabitLink() throws {
        var call = BottleneckCall(link: try profile("rate=2Mbit,queue=300ms,delay=25ms"))
        call.run(until: .seconds(5))
        let reached = call.samples.first { $0.target >= 1_000_000 }
        #expect(reached != nil, "target after 5 s: \(call.estimator.targetBitrate)")
    }

    @Test func aStepDownIsFollowedAtOnceAndAStepUpWithinTenSeconds() throws {
        var call = BottleneckCall(link: try profile("rate=2Mbit,queue=300ms,delay=25ms"))
        call.run(until: .seconds(15))
        call.changeLink(to: try profile("rate=300kbit,queue=300ms,delay=25ms"))
        call.run(until: .seconds(30))
        let afterDrop = call.samples(from: .seconds(17), to: .seconds(30))
        #expect(afterDrop.allSatisfy { $0.target < 420_000 }, "targets after the step down: \(afterDrop.map(\.target))")
        let queueAfterDrop = call.samples(from: .seconds(20), to: .seconds(30)).map(\.queueDelay.milliseconds).max() ?? 0
        #expect(queueAfterDrop < 250, "queue after the step down settled: \(queueAfterDrop) ms")
        call.changeLink(to: try profile("rate=2Mbit,queue=300ms,delay=25ms"))
        call.run(until: .seconds(40))
        let best = call.samples(from: .seconds(30), to: .seconds(40)).map(\.target).max() ?? 0
        #expect(best >= 1_600_000, "best target within 10 s of the step up: \(best)")
    }

    @Test func randomLossWithoutCongestionDoesNotStarveTheCall() throws {
        var call = BottleneckCall(link: try profile("delay=50ms,jitter=10ms,loss=3%"))
        call.run(until: .seconds(20))
        #expect(call.estimator.targetBitrate > 1_500_000, "target after 20 s: \(call.estimator.targetBitrate)")
    }
}
