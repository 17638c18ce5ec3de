import RTCBase
import Testing
@testable import RTCMedia

/// The transport feedback receiver on a virtual clock.
@Suite struct TransportFeedbackRecorderTests {
    typealias Status = TransportFeedback.PacketStatus

    static func ms(_ value: Double) -> Instant { Instant(nanoseconds: Int64(value * 1_000_000)) }

    static func feedback(_ recorder: inout TransportFeedbackRecorder, now: Instant) -> [TransportFeedback] {
        recorder.makeFeedback(senderSSRC: 0xAAAA, mediaSSRC: 0xBBBB, now: now)
    }

    /// Statuses as a string: "R" received, "." missing.
    static func pattern(_ feedback: TransportFeedback) -> String {
        String(feedback.statuses.map { $0 == .notReceived ? "." : "R" })
    }

    /// Arrivals after serialize -> parse, for every received packet of `messages`.
    static func reportedArrivals(_ messages: [TransportFeedback]) throws -> [UInt16: Duration] {
        var result: [UInt16: Duration] = [:]
        for message in messages {
            let bytes = message.serialized()
            #expect(bytes.count <= 1200)
            let parsed = try TransportFeedback(bytes: bytes)
            #expect(parsed == message)
            for packet in parsed.receivedPackets { result[packet.sequenceNumber] = packet.arrival }
        }
        return result
    }

    @Test func inOrderPackets() throws {
        var recorder = TransportFeedbackRecorder()
        #expect(!recorder.hasUnreportedPackets)
        #expect(Self.feedback(&recorder, now: .zero).isEmpty)
        for i in 0..<10 { recorder.record(sequenceNumber: UInt16(100 + i), arrival: Self.ms(70 + 5.3 * Double(i))) }
        #expect(recorder.hasUnreportedPackets)
        let messages = Self.feedback(&recorder, now: Self.ms(120))
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.senderSSRC == 0xAAAA && message.mediaSSRC == 0xBBBB)
        #expect(message.baseSequenceNumber == 100 && Self.pattern(message) == "RRRRRRRRRR")
        // 70 ms rounds down to the 64 ms reference time; the first delta is the 6 ms left.
        #expect(message.referenceTime == 1 && message.feedbackPacketCount == 0)
        #expect(message.statuses.first == .received(delta: 24))
        let arrivals = try Self.reportedArrivals(messages)
        for i in 0..<10 {
            let truth: Duration = Self.ms(70 + 5.3 * Double(i)) - .zero
            let reported = try #require(arrivals[UInt16(100 + i)])
            #expect(truth - reported >= .zero && truth - reported < .microseconds(250))
        }
        #expect(!recorder.hasUnreportedPackets)
        #expect(Self.feedback(&recorder, now: Self.ms(170)).isEmpty)
        // The count goes up by one per message.
        recorder.record(sequenceNumber: 110, arrival: Self.ms(180))
        #expect(Self.feedback(&recorder, now: Self.ms(220)).map(\.feedbackPacketCount) == [1])
    }

    @Test func lossIsReportedIncludingAtTheStartOfAFeedback() {
        var recorder = TransportFeedbackRecorder()
        for sequence: UInt16 in [0, 1, 3, 4] { recorder.record(sequenceNumber: sequence, arrival: Self.ms(Double(sequence))) }
        #expect(Self.feedback(&recorder, now: Self.ms(50)).map(Self.pattern) == ["RR.RR"])
        // 5 and 6 are lost before 7 arrives: the next message starts at 5 (libwebrtc does the
        // same), so the sender learns of the loss without waiting.
        recorder.record(sequenceNumber: 7, arrival: Self.ms(60))
        let next = Self.feedback(&recorder, now: Self.ms(100))
        #expect(next.map(\.baseSequenceNumber) == [5])
        #expect(next.map(Self.pattern) == ["..R"])
    }

    @Test func lateArrivalIsReportedAgainInTheNextFeedback() throws {
        var recorder = TransportFeedbackRecorder()
        recorder.record(sequenceNumber: 10, arrival: Self.ms(1))
        recorder.record(sequenceNumber: 11, arrival: Self.ms(2))
        recorder.record(sequenceNumber: 13, arrival: Self.ms(3))
        let first = Self.feedback(&recorder, now: Self.ms(50))
        #expect(first.map(Self.pattern) == ["RR.R"])
        // 12 shows up after it was reported missing, then 14.
        recorder.record(sequenceNumber: 12, arrival: Self.ms(55))
        recorder.record(sequenceNumber: 14, arrival: Self.ms(56))
        #expect(recorder.hasUnreportedPackets)
        let second = Self.feedback(&recorder, now: Self.ms(100))
        #expect(second.map(\.baseSequenceNumber) == [12])
        #expect(second.map(Self.pattern) == ["RRR"])
        // 13 is repeated with the arrival it had; 12 gets a negative delta after it.
        let arrivals = try Self.reportedArrivals(second)
        #expect(arrivals[12] == .milliseconds(55) && arrivals[13] == .milliseconds(3) && arrivals[14] == .milliseconds(56))
        #expect(second.first?.statuses[1] == .received(delta: -208))
        #expect(try Self.reportedArrivals(first)[13] == .milliseconds(3))
    }

    @Test func reorderingWithinAFeedbackAndDuplicates() throws {
        var recorder = TransportFeedbackRecorder()
        recorder.record(sequenceNumber: 0, arrival: Self.ms(10))
        recorder.record(sequenceNumber: 2, arrival: Self.ms(11))
        recorder.record(sequenceNumber: 1, arrival: Self.ms(12))
        recorder.record(sequenceNumber: 2, arrival: Self.ms(30))  // duplicate: the first arrival counts
        let messages = Self.feedback(&recorder, now: Self.ms(50))
        #expect(messages.map(Self.pattern) == ["RRR"])
        let arrivals = try Self.reportedArrivals(messages)
        #expect(arrivals[0] == .milliseconds(10) && arrivals[1] == .milliseconds(12) && arrivals[2] == .milliseconds(11))
        // A duplicate of a reported packet is no news.
        recorder.record(sequenceNumber: 1, arrival: Self.ms(60))
        #expect(!recorder.hasUnreportedPackets)
        #expect(Self.feedback(&recorder, now: Self.ms(100)).isEmpty)
    }

    @Test func sequenceNumbersWrap() throws {
        var recorder = TransportFeedbackRecorder()
        var sequence: UInt16 = 65530
        var now = 0.0
        for _ in 0..<12 {
            recorder.record(sequenceNumber: sequence, arrival: Self.ms(now))
            sequence &+= 1
            now += 1
        }
        let first = Self.feedback(&recorder, now: Self.ms(now))
        #expect(first.map(\.baseSequenceNumber) == [65530])
        #expect(first.map(\.statuses.count) == [12])
        #expect(try Self.reportedArrivals(first).keys.sorted() == [0, 1, 2, 3, 4, 5, 65530, 65531, 65532, 65533, 65534, 65535])
        // Next feedback goes on after the wrap; a late 65535 duplicate changes nothing.
        recorder.record(sequenceNumber: 65535, arrival: Self.ms(now))
        recorder.record(sequenceNumber: 7, arrival: Self.ms(now))
        let second = Self.feedback(&recorder, now: Self.ms(now + 50))
        #expect(second.map(\.baseSequenceNumber) == [6])
        #expect(second.map(Self.pattern) == [".R"])
    }

    @Test func longSilenceSplitsOnTheDelta() throws {
        var recorder = TransportFeedbackRecorder()
        recorder.record(sequenceNumber: 1, arrival: Self.ms(0))
        recorder.record(sequenceNumber: 2, arrival: Self.ms(8191))   // +8191 ms fits 16 bits
        recorder.record(sequenceNumber: 3, arrival: Self.ms(16_400)) // +8209 ms does not
        recorder.record(sequenceNumber: 4, arrival: Self.ms(16_401))
        let messages = Self.feedback(&recorder, now: Self.ms(16_450))
        #expect(messages.map(\.baseSequenceNumber) == [1, 3])
        #expect(messages.map(\.feedbackPacketCount) == [0, 1])
        #expect(messages.map(\.referenceTime) == [0, 256])
        #expect(messages.map(\.statuses.count) == [2, 2])
        let arrivals = try Self.reportedArrivals(messages)
        #expect(arrivals[2] == .milliseconds(8191) && arrivals[3] == .milliseconds(16_400) && arrivals[4] == .milliseconds(16_401))
        // The same backwards: a late packet more than 8.192 s before the previous one.
        var late = TransportFeedbackRecorder()
        late.record(sequenceNumber: 2, arrival: Self.ms(9000))
        late.record(sequenceNumber: 1, arrival: Self.ms(9001))
        late.record(sequenceNumber: 3, arrival: Self.ms(0))  // clock-wise impossible, but must not break
        let split = Self.feedback(&late, now: Self.ms(9100))
        #expect(split.map(\.baseSequenceNumber) == [1, 3])
        #expect(try Self.reportedArrivals(split)[3] == .zero)
    }

    @Test func hugeSequenceJumpSplits() {
        var recorder = TransportFeedbackRecorder()
        recorder.record(sequenceNumber: 0, arrival: Self.ms(0))
        recorder.record(sequenceNumber: 20_000, arrival: Self.ms(1))
        recorder.record(sequenceNumber: 20_001, arrival: Self.ms(2))
        let messages = Self.feedback(&recorder, now: Self.ms(50))
        // The 19,999 numbers between are a jump, not loss: not reported.
        #expect(messages.map(\.baseSequenceNumber) == [0, 20_000])
        #expect(messages.map(Self.pattern) == ["R", "RR"])
        // A gap of exactly `maxGap` is still reported as loss, in one message.
        var edge = TransportFeedbackRecorder()
        edge.record(sequenceNumber: 0, arrival: Self.ms(0))
        edge.record(sequenceNumber: UInt16(TransportFeedbackRecorder.maxGap + 1), arrival: Self.ms(1))
        let one = Self.feedback(&edge, now: Self.ms(50))
        #expect(one.map(\.statuses.count) == [TransportFeedbackRecorder.maxGap + 2])
        // A jump after a feedback: the next message starts at the new packet.
        edge.record(sequenceNumber: 30_000, arrival: Self.ms(60))
        #expect(Self.feedback(&edge, now: Self.ms(100)).map(\.baseSequenceNumber) == [30_000])
    }

    @Test func largeFeedbackSplitsAtTheMessageSize() throws {
        var recorder = TransportFeedbackRecorder()
        var random = SeededRandom(seed: 0x5117)
        var truth: [UInt16: Duration] = [:]
        // 3,000 packets, every third lost, jittery arrivals with some large deltas: far more than
        // 1,200 bytes of feedback.
        var time = 0.0
        for i in 0..<3000 where i % 3 != 1 {
            time += random.chance(0.1) ? 70 : Double(random.int(below: 2000)) / 1000
            recorder.record(sequenceNumber: UInt16(i), arrival: Self.ms(time))
            truth[UInt16(i)] = Self.ms(time) - .zero
        }
        let messages = Self.feedback(&recorder, now: Self.ms(time))
        #expect(messages.count > 2)
        #expect(messages.map(\.feedbackPacketCount) == (0..<messages.count).map { UInt8($0) })
        // Each message starts where the last one ended, and they cover everything.
        var expectedBase: UInt16 = 0
        for (index, message) in messages.enumerated() {
            #expect(message.baseSequenceNumber == expectedBase)
            expectedBase = message.baseSequenceNumber &+ UInt16(message.statuses.count)
            #expect(message.serialized().count <= 1200)
            if index < messages.count - 1 { #expect(message.serialized().count > 1100) }
        }
        #expect(expectedBase == 3000)
        let arrivals = try Self.reportedArrivals(messages)
        #expect(arrivals.count == truth.count)
        for (sequence, arrival) in truth {
            let reported = try #require(arrivals[sequence])
            #expect(arrival - reported >= .zero && arrival - reported < .microseconds(250))
        }
    }

    @Test func memoryStaysBounded() {
        // 100,000 packets at 1 per ms, 1% lost, feedback every 50 ms: only ~500 ms of history.
        var recorder = TransportFeedbackRecorder()
        var random = SeededRandom(seed: 0xB0B)
        var sequence: UInt16 = 0
        var reported = 0
        var largest = 0
        for i in 0..<100_000 {
            let now = Instant.milliseconds(Int64(i))
            if !random.chance(0.01) { recorder.record(sequenceNumber: sequence, arrival: now) }
            sequence &+= 1
            if i % 50 == 49 {
                reported += Self.feedback(&recorder, now: now).reduce(0) { $0 + $1.receivedPackets.count }
                largest = max(largest, recorder.storedCount)
            }
        }
        #expect(largest <= 560)
        #expect(reported > 98_000)
        // Without any feedback the cap holds: the newest `maxPackets`, unreported, are kept.
        var unpolled = TransportFeedbackRecorder(maxPackets: 4096)
        for i in 0..<100_000 { unpolled.record(sequenceNumber: UInt16(truncatingIfNeeded: i), arrival: .milliseconds(Int64(i))) }
        #expect(unpolled.storedCount == 4096)
        let messages = Self.feedback(&unpolled, now: .milliseconds(100_000))
        #expect(messages.first?.baseSequenceNumber == UInt16(truncatingIfNeeded: 100_000 - 4096))
        #expect(messages.reduce(0) { $0 + $1.receivedPackets.count } == 4096)
    }

    @Test func packetsOlderThanTheHistoryAreIgnored() {
        var recorder = TransportFeedbackRecorder(maxAge: .milliseconds(500))
        for i in 0..<100 { recorder.record(sequenceNumber: UInt16(i), arrival: .milliseconds(Int64(10 * i))) }
        _ = Self.feedback(&recorder, now: .milliseconds(1000))
        // Reported packets from before 500 ms are gone; one of them turning up again is ignored,
        // one still held is a duplicate, and a packet that never came is reported late.
        #expect(recorder.storedCount == 50)
        recorder.record(sequenceNumber: 20, arrival: .milliseconds(1001))
        recorder.record(sequenceNumber: 60, arrival: .milliseconds(1001))
        #expect(!recorder.hasUnreportedPackets)
        recorder.record(sequenceNumber: 101, arrival: .milliseconds(1002))
        #expect(Self.feedback(&recorder, now: .milliseconds(1050)).map(Self.pattern) == [".R"])
    }

    @Test func randomTrafficRoundTripsToTheQuarterMillisecond() throws {
        // Reordering, loss, duplicates, a clock far from zero (the 24-bit reference time wraps),
        // and feedback every 50 ms: every packet that arrived is reported with its first arrival
        // time, modulo the reference time's wrap, to within 250 µs.
        for seed: UInt64 in [1, 2, 3] {
            var random = SeededRandom(seed: seed)
            var recorder = TransportFeedbackRecorder()
            let start = Instant(nanoseconds: 1_073_741_824_000_000 - 2_000_000_000 + Int64(seed) * 7_777_777)
            var truth: [Int: Duration] = [:]
            var reported: [Int: Duration] = [:]
            var pending: [(Int, Instant)] = []
            var nextFeedback = start + .milliseconds(50)
            var time = start
            for i in 0..<5000 {
                time = time + .microseconds(Int64(random.int(below: 3000)))
                if random.chance(0.05) { continue }
                pending.append((i, time + .microseconds(Int64(random.int(below: 20_000)))))
                if random.chance(0.01) { pending.append((i, time + .milliseconds(30))) }
                pending.sort { $0.1 < $1.1 }
                while let next = pending.first, next.1 <= time {
                    pending.removeFirst()
                    let (sequence, arrival) = next
                    recorder.record(sequenceNumber: UInt16(truncatingIfNeeded: 60_000 + sequence), arrival: arrival)
                    if truth[sequence] == nil { truth[sequence] = arrival - .zero }
                }
                if time >= nextFeedback {
                    for (key, value) in try Self.reportedArrivals(Self.feedback(&recorder, now: time)) {
                        reported[Int(key &- 60_000)] = value
                    }
                    nextFeedback = time + .milliseconds(50)
                }
            }
            for (key, value) in try Self.reportedArrivals(Self.feedback(&recorder, now: time)) {
                reported[Int(key &- 60_000)] = value
            }
            #expect(reported.count == truth.count)
            #expect(truth.count > 4500)
            let wrap = TransportFeedback.referenceTimeWrapPeriod
            for (sequence, arrival) in truth {
                guard let value = reported[sequence] else { continue }
                var difference = arrival - value
                while difference >= wrap { difference -= wrap }
                while difference < .zero { difference += wrap }
                #expect(difference < .microseconds(250), "seed \(seed) packet \(sequence)")
            }
        }
    }

    @Test func recommendedInterval() {
        #expect(TransportFeedbackRecorder.recommendedInterval(forBitrate: 2_000_000) == .milliseconds(50))
        #expect(TransportFeedbackRecorder.recommendedInterval(forBitrate: 217_600) == .milliseconds(50))
        #expect(TransportFeedbackRecorder.recommendedInterval(forBitrate: 100_000) == .microseconds(108_800))
        #expect(TransportFeedbackRecorder.recommendedInterval(forBitrate: 30_000) == .milliseconds(250))
        #expect(TransportFeedbackRecorder.recommendedInterval(forBitrate: 0) == .milliseconds(250))
    }
}
