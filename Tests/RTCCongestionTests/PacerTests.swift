import RTCBase
import Testing
@testable import RTCCongestion

@Suite struct PacerTests {
    /// Drains the pacer the way a driver does: wake at its next send time, take what may leave.
    func drain(_ pacer: inout Pacer<Int>, from start: Instant, until end: Instant) -> [(Int, Instant)] {
        var sent: [(Int, Instant)] = []
        var now = start
        while now <= end, let next = pacer.nextSendTime() {
            now = max(now, next)
            while let packet = pacer.dequeue(now: now) { sent.append((packet, now)) }
            if pacer.nextSendTime() == now { now = now + .microseconds(100) }
        }
        return sent
    }

    @Test func packetsLeaveAtThePacingRate() throws {
        var pacer = Pacer<Int>(pacingRate: 1_000_000)
        for index in 0..<100 { pacer.enqueue(index, size: 1250, priority: .video, now: .zero) }
        let sent = drain(&pacer, from: .zero, until: .seconds(5))
        #expect(sent.map(\.0) == Array(0..<100))
        let last = try #require(sent.last?.1)
        // 100 × 10,000 bits at 1 Mbit/s: 1 s, less the 5 ms burst allowance and the first packet.
        #expect(last >= .milliseconds(980) && last <= .milliseconds(1000), "last packet left at \(last)")
    }

    @Test func audioNeverWaitsBehindVideo() {
        var pacer = Pacer<Int>(pacingRate: 500_000)
        for index in 0..<50 { pacer.enqueue(index, size: 1200, priority: .video, now: .zero) }
        _ = drain(&pacer, from: .zero, until: .milliseconds(100))
        // 50 packets at 500 kbit/s take a second: most video still waits at 200 ms.
        pacer.enqueue(-1, size: 100, priority: .audio, now: .milliseconds(200))
        #expect(pacer.nextSendTime() == .milliseconds(200))
        #expect(pacer.dequeue(now: .milliseconds(200)) == -1)
        #expect(pacer.queuedPackets > 30)
    }

    @Test func retransmissionsGoBeforeNewVideo() {
        var pacer = Pacer<Int>(pacingRate: 500_000)
        for index in 0..<10 { pacer.enqueue(index, size: 1200, priority: .video, now: .zero) }
        pacer.enqueue(100, size: 1200, priority: .retransmission, now: .zero)
        let order = drain(&pacer, from: .zero, until: .seconds(1)).map(\.0)
        #expect(order.first == 100)
    }

    @Test func aQueueThatWouldWaitTooLongDrainsFaster() throws {
        var pacer = Pacer<Int>(pacingRate: 100_000, maximumQueueTime: .milliseconds(500))
        // 100 kbit of video at 100 kbit/s would take 1 s.
        for index in 0..<10 { pacer.enqueue(index, size: 1250, priority: .video, now: .zero) }
        let sent = drain(&pacer, from: .zero, until: .seconds(5))
        let last = try #require(sent.last?.1)
        #expect(last <= .milliseconds(520), "last packet left at \(last)")
    }

    @Test func anEmptyPacerAsksForNoWakeUp() {
        var pacer = Pacer<Int>(pacingRate: 1_000_000)
        #expect(pacer.nextSendTime() == nil)
        #expect(pacer.dequeue(now: .zero) == nil)
        #expect(pacer.queueDelay(now: .seconds(1)) == .zero)
    }
}
