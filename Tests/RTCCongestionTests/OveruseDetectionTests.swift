import RTCBase
import Testing
@testable import RTCCongestion

/// The trendline and the detector together, fed group deltas the way the estimator feeds them.
@Suite struct OveruseDetectionTests {
    /// Group deltas 33 ms apart whose queueing delay changes by `growth` each group.
    func readings(groups: Int, growth: Duration) -> [BandwidthUsage] {
        var trendline = TrendlineEstimator()
        var detector = OveruseDetector()
        var arrival = Duration.milliseconds(1000)
        var result: [BandwidthUsage] = []
        for _ in 0..<groups {
            arrival += .milliseconds(33) + growth
            let delta = InterArrival.Delta(sendDelta: .milliseconds(33), arrivalDelta: .milliseconds(33) + growth,
                                           arrival: arrival, sizeDelta: 0)
            result.append(detector.detect(trend: trendline.update(delta), arrival: arrival))
        }
        return result
    }

    @Test func aSteadyQueueIsNormal() {
        #expect(readings(groups: 200, growth: .zero).allSatisfy { $0 == .normal })
    }

    @Test(arguments: [(2, 36), (5, 24)])
    func aGrowingQueueIsOveruseWithinASecond(growthMilliseconds: Int64, withinGroups: Int) throws {
        // 2 ms more queue per 33 ms group: the link carries about 6% less than is sent; 5 ms: 13%.
        // The fit needs its 20-sample window first, so nothing can be seen before group 20.
        let states = readings(groups: 60, growth: .milliseconds(growthMilliseconds))
        let first = try #require(states.firstIndex(of: .overusing))
        #expect(first < withinGroups, "overuse first seen at group \(first)")
    }

    @Test func aDrainingQueueIsUnderuse() {
        var trendline = TrendlineEstimator()
        var detector = OveruseDetector()
        var arrival = Duration.milliseconds(1000)
        var states: [BandwidthUsage] = []
        for index in 0..<80 {
            let change: Duration = index < 40 ? .milliseconds(3) : .milliseconds(-3)
            arrival += .milliseconds(33) + change
            let delta = InterArrival.Delta(sendDelta: .milliseconds(33), arrivalDelta: .milliseconds(33) + change,
                                           arrival: arrival, sizeDelta: 0)
            states.append(detector.detect(trend: trendline.update(delta), arrival: arrival))
        }
        #expect(states[..<40].contains(.overusing))
        #expect(states[40...].contains(.underusing))
    }

    @Test func jitterWithoutGrowthStaysMostlyNormal() {
        var random = SeededRandom(seed: 7)
        var trendline = TrendlineEstimator()
        var detector = OveruseDetector()
        var arrival = Duration.milliseconds(1000)
        var queue = 0.0
        var overuses = 0
        for _ in 0..<900 {
            // ±5 ms of jitter around a steady queue, 30 s of groups.
            let next = Double(random.next() % 10_000) / 1000 - 5
            let change = next - queue
            queue = next
            arrival += .milliseconds(33) + .microseconds(Int64(change * 1000))
            let delta = InterArrival.Delta(sendDelta: .milliseconds(33),
                                           arrivalDelta: .milliseconds(33) + .microseconds(Int64(change * 1000)),
                                           arrival: arrival, sizeDelta: 0)
            if detector.detect(trend: trendline.update(delta), arrival: arrival) == .overusing { overuses += 1 }
        }
        #expect(overuses < 9, "\(overuses) overuse readings in 900 groups of pure jitter")
    }
}
