import RTCBase
import Testing
@testable import MediaIO

@Suite struct PlaybackJitterBufferTests {
    /// The payload for a sequence number: its two bytes, so the output order can be checked.
    func payload(_ sequence: UInt16) -> [UInt8] { [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] }

    func ms(_ value: Int64) -> Instant { .milliseconds(value) }

    /// Feeds packets as they arrive and pops every 20 ms from `start`, as the playout driver does.
    /// Each arrival is (time in ms, sequence number); timestamps follow the sequence numbers.
    func run(_ arrivals: [(Int64, UInt16)], from start: Int64, count: Int,
             into buffer: inout AudioJitterBuffer) -> [AudioJitterBuffer.Output] {
        var pending = arrivals.sorted { $0.0 < $1.0 }[...]
        return (0..<count).map { period in
            let tick = start + Int64(period) * 20
            while let (time, sequence) = pending.first, time <= tick {
                buffer.insert(sequenceNumber: sequence, timestamp: UInt32(sequence) &* 960, payload: payload(sequence), now: ms(time))
                pending.removeFirst()
            }
            return buffer.pop(now: ms(tick))
        }
    }

    /// Pops every 20 ms from `start` for `count` periods, returning what came out.
    func popPeriods(_ buffer: inout AudioJitterBuffer, from start: Int64, count: Int) -> [AudioJitterBuffer.Output] {
        (0..<count).map { buffer.pop(now: ms(start + Int64($0) * 20)) }
    }

    @Test func holdsTheFirstPacketForTheMinimumDelayThenPlaysInOrder() {
        var buffer = AudioJitterBuffer()
        let out = run((0..<10).map { (Int64($0) * 20, UInt16(100 + $0)) }, from: 0, count: 12, into: &buffer)
        #expect(buffer.targetDelay == .milliseconds(40))
        #expect(out == [.notReady, .notReady] + (100..<110).map { .packet(payload(UInt16($0))) })
        #expect(buffer.statistics.played == 10)
        #expect(buffer.statistics.concealed == 0)
    }

    @Test func aLostPacketBecomesMissingInItsPlace() {
        var buffer = AudioJitterBuffer()
        let out = run([0, 1, 2, 4, 5].map { (Int64($0) * 20, UInt16($0)) }, from: 40, count: 6, into: &buffer)
        #expect(out == [.packet(payload(0)), .packet(payload(1)), .packet(payload(2)), .missing,
                               .packet(payload(4)), .packet(payload(5))])
    }

    @Test func reorderedPacketsComeOutInOrder() {
        var buffer = AudioJitterBuffer()
        let arrival: [UInt16] = [0, 2, 1, 3, 5, 4, 6]
        let out = run(arrival.enumerated().map { (Int64($0.offset) * 20, $0.element) }, from: 40, count: 7, into: &buffer)
        #expect(out == (0..<7).map { .packet(payload(UInt16($0))) })
    }

    @Test func earliestPacketArrivingSecondStillStartsPlayout() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 11, timestamp: 960, payload: payload(11), now: ms(0))
        buffer.insert(sequenceNumber: 10, timestamp: 0, payload: payload(10), now: ms(5))
        #expect(buffer.pop(now: ms(60)) == .packet(payload(10)))
        #expect(buffer.pop(now: ms(80)) == .packet(payload(11)))
    }

    @Test func duplicatesAndLatePacketsAreDroppedAndCounted() {
        var buffer = AudioJitterBuffer()
        for i in 0..<3 {
            buffer.insert(sequenceNumber: UInt16(i), timestamp: UInt32(i * 960), payload: payload(UInt16(i)), now: ms(Int64(i) * 20))
        }
        #expect(buffer.insert(sequenceNumber: 2, timestamp: 1920, payload: [9, 9], now: ms(45)) == .duplicate)
        #expect(buffer.pop(now: ms(40)) == .packet(payload(0)))
        #expect(buffer.pop(now: ms(60)) == .packet(payload(1)))
        #expect(buffer.insert(sequenceNumber: 1, timestamp: 960, payload: payload(1), now: ms(61)) == .late)
        #expect(buffer.pop(now: ms(80)) == .packet(payload(2)))
        #expect(buffer.statistics.duplicates == 1)
        #expect(buffer.statistics.late == 1)
    }

    @Test func sequenceNumbersWrapAround() {
        var buffer = AudioJitterBuffer()
        let sequences = (0..<10).map { UInt16(truncatingIfNeeded: 65531 + $0) }
        let out = run(sequences.enumerated().map { (Int64($0.offset) * 20, $0.element) }, from: 40, count: 10, into: &buffer)
        #expect(out == sequences.map { .packet(payload($0)) })
    }

    @Test func aDelayedPacketIsStretchedForNotDropped() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 0, timestamp: 0, payload: payload(0), now: ms(0))
        buffer.insert(sequenceNumber: 1, timestamp: 960, payload: payload(1), now: ms(20))
        #expect(buffer.pop(now: ms(40)) == .packet(payload(0)))
        #expect(buffer.pop(now: ms(60)) == .packet(payload(1)))
        // Packet 2 is 50 ms late: the buffer conceals while it is empty, then plays it.
        #expect(buffer.pop(now: ms(80)) == .missing)
        #expect(buffer.pop(now: ms(100)) == .missing)
        buffer.insert(sequenceNumber: 2, timestamp: 1920, payload: payload(2), now: ms(110))
        #expect(buffer.pop(now: ms(120)) == .packet(payload(2)))
        #expect(buffer.statistics.late == 0)
    }

    @Test func targetDelayFollowsTheJitterWithinItsBounds() {
        var steady = AudioJitterBuffer()
        var jittery = AudioJitterBuffer()
        var wild = AudioJitterBuffer()
        var random = SeededRandom(seed: 7)
        for i in 0..<300 {
            let sent = Int64(i) * 20
            let timestamp = UInt32(i * 960)
            steady.insert(sequenceNumber: UInt16(i), timestamp: timestamp, payload: [], now: ms(sent + 30))
            jittery.insert(sequenceNumber: UInt16(i), timestamp: timestamp, payload: [],
                           now: ms(sent + Int64.random(in: 0...60, using: &random)))
            wild.insert(sequenceNumber: UInt16(i), timestamp: timestamp, payload: [],
                        now: ms(sent + Int64.random(in: 0...600, using: &random)))
        }
        #expect(steady.targetDelay == .milliseconds(40))
        // Uniform 0-60 ms delay: mean |D| is 20 ms, so the target sits near 20 + 3 x 20 = 80 ms.
        #expect(jittery.targetDelay > .milliseconds(60))
        #expect(jittery.targetDelay < .milliseconds(110))
        #expect(wild.targetDelay == .milliseconds(200))

        // When the network calms down the target comes back to the minimum.
        for i in 300..<500 {
            jittery.insert(sequenceNumber: UInt16(i), timestamp: UInt32(i * 960), payload: [], now: ms(Int64(i) * 20 + 30))
        }
        #expect(jittery.targetDelay == .milliseconds(40))
    }

    @Test func simulatedJitteryNetworkPlaysAlmostEverythingInOrder() {
        var buffer = AudioJitterBuffer()
        var random = SeededRandom(seed: 42)
        // Packets sent every 20 ms, each delayed 0-80 ms, 2% lost; events processed in time order.
        var arrivals: [(time: Int64, sequence: UInt16)] = []
        for i in 0..<1500 where Int.random(in: 0..<100, using: &random) >= 2 {
            arrivals.append((Int64(i) * 20 + Int64.random(in: 0...80, using: &random), UInt16(truncatingIfNeeded: i)))
        }
        arrivals.sort { $0.time < $1.time }
        var next = 0
        var played: [Int] = []
        var concealed = 0
        for tick in stride(from: Int64(0), through: 1500 * 20 + 400, by: 20) {
            while next < arrivals.count, arrivals[next].time <= tick {
                let sequence = arrivals[next].sequence
                buffer.insert(sequenceNumber: sequence, timestamp: UInt32(sequence) * 960,
                              payload: payload(sequence), now: ms(arrivals[next].time))
                next += 1
            }
            switch buffer.pop(now: ms(tick)) {
            case let .packet(bytes): played.append(Int(bytes[0]) << 8 | Int(bytes[1]))
            case .missing: concealed += 1
            case .notReady: break
            }
        }
        // Unwrapped sequence numbers must strictly increase: nothing replayed or reordered.
        #expect(zip(played, played.dropFirst()).allSatisfy { $0 < $1 || ($0 > 65000 && $1 < 500) })
        let received = arrivals.count
        #expect(played.count + buffer.statistics.late + buffer.statistics.droppedForLatency == received)
        #expect(Double(buffer.statistics.late) / Double(received) < 0.03, "late: \(buffer.statistics.late)")
        #expect(buffer.targetDelay >= .milliseconds(60))
        #expect(concealed >= 1500 - received)
    }

    @Test func aSilentSourceStopsBeingConcealedAndRestarts() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 0, timestamp: 0, payload: payload(0), now: ms(0))
        #expect(buffer.pop(now: ms(40)) == .packet(payload(0)))
        let gap = popPeriods(&buffer, from: 60, count: 20)
        // 200 ms of concealment at most (the maximum delay), then silence.
        #expect(gap.prefix(10).allSatisfy { $0 == .missing })
        #expect(gap.suffix(10).allSatisfy { $0 == .notReady })
        #expect(buffer.statistics.rebuffers == 1)
        // Packet 1 was lost in the pause; 2 arrives and playout resumes after the target delay.
        buffer.insert(sequenceNumber: 2, timestamp: 1920 + 48000, payload: payload(2), now: ms(1000))
        #expect(buffer.pop(now: ms(1000)) == .notReady)
        #expect(buffer.pop(now: ms(1040)) == .packet(payload(2)))
    }

    @Test func aBurstAboveTheTargetIsTrimmed() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 0, timestamp: 0, payload: payload(0), now: ms(0))
        #expect(buffer.pop(now: ms(40)) == .packet(payload(0)))
        // 15 packets (300 ms) arrive at once after a stall: far above the 40 ms target.
        for i in 1...15 {
            buffer.insert(sequenceNumber: UInt16(i), timestamp: UInt32(i * 960), payload: payload(UInt16(i)), now: ms(50))
        }
        let first = buffer.pop(now: ms(60))
        // Trimmed in one jump to at most target + 2 frames, then played on without gaps up to 15.
        let dropped = buffer.statistics.droppedForLatency
        #expect(dropped > 0)
        #expect(buffer.bufferedDuration <= buffer.targetDelay + .milliseconds(40))
        #expect(first == .packet(payload(UInt16(dropped + 1))))
        let rest = popPeriods(&buffer, from: 80, count: 14 - dropped)
        #expect(rest == (dropped + 2...15).map { .packet(payload(UInt16($0))) })
    }

    @Test func farJumpRestartsTheBuffer() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 0, timestamp: 0, payload: payload(0), now: ms(0))
        #expect(buffer.pop(now: ms(40)) == .packet(payload(0)))
        buffer.insert(sequenceNumber: 5000, timestamp: 5000 * 960, payload: payload(5000), now: ms(60))
        #expect(buffer.statistics.rebuffers == 1)
        #expect(buffer.pop(now: ms(60)) == .notReady)
        #expect(buffer.pop(now: ms(100)) == .packet(payload(5000)))
    }
}

extension PlaybackJitterBufferTests {
    @Test func tenMillisecondFramesPlayAtTheirOwnCadence() {
        var configuration = AudioJitterBuffer.Configuration()
        configuration.frameDuration = .milliseconds(10)
        configuration.minimumDelay = .milliseconds(20)
        var buffer = AudioJitterBuffer(configuration: configuration)
        var out: [AudioJitterBuffer.Output] = []
        for tick in stride(from: Int64(0), to: 100, by: 10) {
            let sequence = UInt16(tick / 10)
            buffer.insert(sequenceNumber: sequence, timestamp: UInt32(sequence) * 480, payload: payload(sequence), now: ms(tick))
            out.append(buffer.pop(now: ms(tick)))
        }
        #expect(buffer.targetDelay == .milliseconds(20))
        #expect(out == [.notReady, .notReady] + (0..<8).map { .packet(payload(UInt16($0))) })
    }

    /// Hostile or broken senders: random sequence numbers, timestamps and arrival times in any order.
    /// Nothing may trap, every packet is accounted for, and output never goes backwards within a run.
    @Test func randomTrafficNeverTrapsAndIsAccountedFor() {
        var random = SeededRandom(seed: 99)
        var buffer = AudioJitterBuffer()
        var now: Int64 = 0
        var inserted = 0
        var outcomes = [AudioJitterBuffer.InsertResult: Int]()
        var base: UInt16 = 0
        var targetAlwaysInBounds = true
        for _ in 0..<30_000 {
            now += Int64.random(in: 0...25, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0...5:
                // Mostly near the stream position, sometimes anywhere in the 16-bit space.
                let sequence = Int.random(in: 0..<20, using: &random) == 0
                    ? UInt16.random(in: 0...UInt16.max, using: &random)
                    : base &+ UInt16.random(in: 0...12, using: &random) &- 4
                let result = buffer.insert(sequenceNumber: sequence, timestamp: UInt32.random(in: 0...UInt32.max, using: &random),
                                           payload: [1], now: ms(now))
                outcomes[result, default: 0] += 1
                inserted += 1
            case 6:
                base &+= UInt16.random(in: 1...3, using: &random)
            default:
                _ = buffer.pop(now: ms(now))
            }
            let target = buffer.targetDelay
            targetAlwaysInBounds = targetAlwaysInBounds && target >= .milliseconds(40) && target <= .milliseconds(200)
        }
        #expect(targetAlwaysInBounds)
        let statistics = buffer.statistics
        #expect(outcomes[.accepted, default: 0] == statistics.received)
        #expect(outcomes[.late, default: 0] == statistics.late)
        #expect(outcomes[.duplicate, default: 0] == statistics.duplicates)
        #expect(statistics.played + statistics.droppedForLatency <= statistics.received)
        #expect(statistics.played > 300)
    }
}

extension PlaybackJitterBufferTests {
    @Test func aPacketFurtherBehindThanTheRingHoldsCannotEvictANewerOne() {
        var buffer = AudioJitterBuffer()
        buffer.insert(sequenceNumber: 164, timestamp: 164 * 960, payload: payload(164), now: ms(0))
        // 100 shares 164's slot in a 64-slot ring; it must be refused, not overwrite 164.
        #expect(buffer.insert(sequenceNumber: 100, timestamp: 100 * 960, payload: payload(100), now: ms(1)) == .late)
        // It still counts as jitter, but clamped: one stray packet moves the target by at most 3 x 200/16 ms.
        #expect(buffer.targetDelay <= .milliseconds(20 + 38))
        #expect(buffer.pop(now: ms(100)) == .packet(payload(164)))
    }
}

extension PlaybackJitterBufferTests {
    @Test func afterALossTheFollowingPacketIsOfferedForFEC() {
        var buffer = AudioJitterBuffer()
        for sequence: UInt16 in [0, 1, 3] {
            buffer.insert(sequenceNumber: sequence, timestamp: UInt32(sequence) * 960, payload: payload(sequence),
                          now: ms(Int64(sequence) * 20))
        }
        #expect(buffer.peekNext() == nil, "nothing is offered before playout starts")
        #expect(buffer.pop(now: ms(60)) == .packet(payload(0)))
        #expect(buffer.pop(now: ms(80)) == .packet(payload(1)))
        #expect(buffer.pop(now: ms(100)) == .missing)
        #expect(buffer.peekNext() == payload(3))
        #expect(buffer.pop(now: ms(120)) == .packet(payload(3)))
        #expect(buffer.peekNext() == nil)
    }
}
