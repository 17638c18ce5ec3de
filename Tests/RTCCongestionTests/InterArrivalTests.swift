import RTCBase
import Testing
@testable import RTCCongestion

@Suite struct InterArrivalTests {
    @Test func packetsSentWithinFiveMillisecondsFormOneGroup() {
        var groups = InterArrival()
        #expect(groups.add(sendTime: .milliseconds(0), arrival: .milliseconds(100), size: 1000) == nil)
        #expect(groups.add(sendTime: .milliseconds(4), arrival: .milliseconds(104), size: 1000) == nil)
        // A new group starts; there is no earlier complete group to compare with yet.
        #expect(groups.add(sendTime: .milliseconds(33), arrival: .milliseconds(133), size: 500) == nil)
        let delta = groups.add(sendTime: .milliseconds(66), arrival: .milliseconds(170), size: 500)
        #expect(delta == InterArrival.Delta(sendDelta: .milliseconds(29), arrivalDelta: .milliseconds(29),
                                            arrival: .milliseconds(133), sizeDelta: -1500))
    }

    @Test func aDelayedGroupReleasedInABurstMergesWithTheGroupBefore() {
        var groups = InterArrival()
        _ = groups.add(sendTime: .milliseconds(0), arrival: .milliseconds(100), size: 1000)
        // Sent 10 ms later but arrived 1 ms after: it queued behind the first group and came out with it.
        _ = groups.add(sendTime: .milliseconds(10), arrival: .milliseconds(101), size: 1000)
        _ = groups.add(sendTime: .milliseconds(40), arrival: .milliseconds(140), size: 1000)
        let delta = groups.add(sendTime: .milliseconds(80), arrival: .milliseconds(180), size: 1000)
        #expect(delta?.sendDelta == .milliseconds(30))
        #expect(delta?.sizeDelta == -1000)
    }

    @Test func packetsSentBeforeTheCurrentGroupAreIgnored() {
        var groups = InterArrival()
        _ = groups.add(sendTime: .milliseconds(20), arrival: .milliseconds(100), size: 1000)
        #expect(groups.add(sendTime: .milliseconds(5), arrival: .milliseconds(130), size: 1000) == nil)
        _ = groups.add(sendTime: .milliseconds(50), arrival: .milliseconds(130), size: 1000)
        let delta = groups.add(sendTime: .milliseconds(80), arrival: .milliseconds(160), size: 1000)
        #expect(delta?.sendDelta == .milliseconds(30))
        #expect(delta?.arrivalDelta == .milliseconds(30))
    }
}
