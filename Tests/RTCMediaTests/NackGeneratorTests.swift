import RTCBase
import Testing
@testable import RTCMedia

@Suite struct NackGeneratorTests {
    /// A seeded 10 % loss pattern across the 16-bit wrap, polled every millisecond: every lost
    /// packet is requested as soon as it is detected, then after one RTT, two, four (the wait
    /// doubles), exactly `maxRequests` times, and nothing that arrived is ever requested.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func seededLossIsRequestedWithBoundedRetries(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let rtt = Duration.milliseconds(50)
        var generator = NackGenerator(maxMissing: 1000, maxRequests: 4, maxAge: .seconds(2))
        let first: UInt16 = 65400
        let count = 400
        var lost = Set<UInt16>()
        var detectedAt: [UInt16: Instant] = [:]
        var requests: [UInt16: [Instant]] = [:]
        var pending: [UInt16] = []
        var now = Instant.zero
        for i in 0..<count {
            now = .milliseconds(Int64(i))
            let sequence = first &+ UInt16(i)
            if i > 0, i < count - 1, random.chance(0.1) {
                lost.insert(sequence)
                pending.append(sequence)
            } else {
                generator.insert(sequence: sequence, now: now)
                for missing in pending { detectedAt[missing] = now }
                pending.removeAll()
                #expect(generator.missingSequenceNumbers.allSatisfy(lost.contains))
            }
            if let list = generator.pollNACK(now: now, rtt: rtt) {
                for sequence in list { requests[sequence, default: []].append(now) }
            }
        }
        // Keep polling until everything is given up.
        for ms in count..<(count + 1000) {
            now = .milliseconds(Int64(ms))
            if let list = generator.pollNACK(now: now, rtt: rtt) {
                for sequence in list { requests[sequence, default: []].append(now) }
            }
        }
        #expect(!lost.isEmpty)
        #expect(Set(requests.keys) == lost)
        for sequence in lost {
            let times = requests[sequence] ?? []
            #expect(times.count == 4, "\(sequence) requested \(times.count) times")
            #expect(times.first == detectedAt[sequence])
            let waits = zip(times, times.dropFirst()).map { $1 - $0 }
            #expect(waits == [rtt, rtt * 2, rtt * 4], "\(sequence) requested at \(times)")
        }
        #expect(generator.missingSequenceNumbers.isEmpty)
        #expect(generator.nextTimeout() == nil)
        #expect(!generator.keyframeRequestNeeded)
    }

    @Test func arrivalsAreForgotten() {
        var generator = NackGenerator()
        generator.insert(sequence: 1, now: .zero)
        generator.insert(sequence: 4, now: .zero)
        #expect(generator.missingSequenceNumbers == [2, 3])
        #expect(generator.pollNACK(now: .zero, rtt: .milliseconds(10)) == [2, 3])
        generator.insert(sequence: 3, now: .milliseconds(5))
        #expect(generator.missingSequenceNumbers == [2])
        // The interval is max(rtt, 20 ms): 10 ms is not enough.
        #expect(generator.pollNACK(now: .milliseconds(10), rtt: .milliseconds(10)) == nil)
        #expect(generator.nextTimeout() == .milliseconds(20))
        #expect(generator.pollNACK(now: .milliseconds(20), rtt: .milliseconds(10)) == [2])
        generator.insert(sequence: 2, now: .milliseconds(25))
        #expect(generator.pollNACK(now: .milliseconds(100), rtt: .milliseconds(10)) == nil)
        #expect(generator.nextTimeout() == nil)
    }

    @Test func gapAcrossWrap() {
        var generator = NackGenerator()
        generator.insert(sequence: 65533, now: .zero)
        generator.insert(sequence: 65534, now: .zero)
        generator.insert(sequence: 2, now: .zero)
        #expect(generator.missingSequenceNumbers == [65535, 0, 1])
        #expect(generator.nextTimeout() == .zero)
        #expect(generator.pollNACK(now: .zero, rtt: .milliseconds(30)) == [65535, 0, 1])
        // A late packet from before the wrap is recognized as old, not as a jump forward.
        generator.insert(sequence: 65535, now: .milliseconds(1))
        #expect(generator.missingSequenceNumbers == [0, 1])
        #expect(generator.nextTimeout() == .milliseconds(30))
    }

    @Test func overflowAsksForKeyframe() {
        var generator = NackGenerator(maxMissing: 10)
        generator.insert(sequence: 100, now: .zero)
        generator.insert(sequence: 105, now: .zero)
        #expect(!generator.keyframeRequestNeeded)
        generator.insert(sequence: 112, now: .zero)
        // 4 + 6 = 10 missing fits; one more gap overflows and drops the oldest.
        #expect(generator.missingSequenceNumbers.count == 10)
        generator.insert(sequence: 114, now: .zero)
        #expect(generator.missingSequenceNumbers.first == 102)
        let firstTake = generator.takeKeyframeRequest()
        let secondTake = generator.takeKeyframeRequest()
        #expect(firstTake)
        #expect(!secondTake)
        generator.insert(sequence: 1000, now: .zero)
        #expect(generator.missingSequenceNumbers == Array(990..<1000))
        #expect(generator.keyframeRequestNeeded)
    }

    @Test func oldEntriesExpire() {
        var generator = NackGenerator(maxRequests: 100, maxAge: .milliseconds(300))
        generator.insert(sequence: 1, now: .zero)
        generator.insert(sequence: 3, now: .zero)
        var requests = 0
        var now = Instant.zero
        while let next = generator.nextTimeout() {
            now = max(now, next)
            if generator.pollNACK(now: now, rtt: .milliseconds(100)) != nil { requests += 1 }
        }
        // Requests at 0 and 100 ms; the next would be at 300 ms, when the entry is too old.
        #expect(requests == 2)
        #expect(now == .milliseconds(300))
    }

    /// The schedule on a LAN (RTT far below the 20 ms minimum): at once, then the wait doubles up
    /// to half a second, until the entry is two seconds old.
    @Test func retriesBackOffToHalfASecond() {
        var generator = NackGenerator()
        generator.insert(sequence: 1, now: .zero)
        generator.insert(sequence: 3, now: .zero)
        var times: [Instant] = []
        var now = Instant.zero
        while let next = generator.nextTimeout() {
            now = max(now, next)
            if generator.pollNACK(now: now, rtt: .milliseconds(1)) == [2] { times.append(now) }
        }
        #expect(times == ([0, 20, 60, 140, 300, 620, 1120, 1620] as [Int64]).map { Instant.milliseconds($0) })
        #expect(generator.missingSequenceNumbers.isEmpty)
    }

    /// A sender like Janus 1.1: it answers a NACK unless it retransmitted that packet less than
    /// 200 ms ago, and has the packet until 600 ms after sending it; 5 % loss each way, 2 ms RTT.
    /// A packet whose first retransmission is lost too is asked for again after the quiet window
    /// and answered a second time: only a packet whose every answer was lost stays missing. The
    /// fixed 20 ms schedule (`maximumInterval` = `minimumInterval`, what the generator did before)
    /// sends all ten requests inside the window: each lost retransmission is a missing packet.
    @Test(arguments: [31, 32, 33] as [UInt64])
    func aLostRetransmissionIsAskedForAfterTheSendersQuietWindow(seed: UInt64) {
        let backingOff = Self.janusLikeSession(NackGenerator(), seed: seed)
        #expect(backingOff.firstAnswerLost > 0, "the seed loses no retransmission: pick another")
        #expect(backingOff.missing == backingOff.everyAnswerLost, "\(backingOff)")
        #expect(backingOff.missing < backingOff.firstAnswerLost, "\(backingOff)")
        let fixed = Self.janusLikeSession(NackGenerator(maximumInterval: .milliseconds(20)), seed: seed)
        #expect(fixed.missing == fixed.firstAnswerLost && fixed.missing > 0, "\(fixed)")
    }

    /// 3000 packets 12 ms apart through a lossy link to a sender that answers NACKs the way Janus
    /// does: how many never arrived, how many first retransmissions were lost, and how many
    /// packets had every retransmission lost.
    static func janusLikeSession(_ start: NackGenerator, seed: UInt64)
        -> (missing: Int, firstAnswerLost: Int, everyAnswerLost: Int) {
        var random = SeededRandom(seed: seed)
        var generator = start
        let quiet = Duration.milliseconds(200)
        let kept = Duration.milliseconds(600)
        let count = 3000
        var sentAt: [UInt16: Instant] = [:]
        var lastAnswer: [UInt16: Instant] = [:]
        var answers: [UInt16: (sent: Int, lost: Int)] = [:]
        var arrivals: [(at: Instant, sequence: UInt16)] = []
        var received = Set<UInt16>()
        var firstAnswerLost = 0
        for ms in 0..<(count * 12 + 3000) {
            let now = Instant.milliseconds(Int64(ms))
            if ms % 12 == 0, ms / 12 < count {
                let sequence = UInt16(ms / 12)
                sentAt[sequence] = now
                // The first and the last packet arrive: the gaps are in between.
                if sequence == 0 || Int(sequence) == count - 1 || !random.chance(0.05) {
                    arrivals.append((now + .milliseconds(1), sequence))
                }
            }
            while let first = arrivals.first, first.at <= now {
                arrivals.removeFirst()
                received.insert(first.sequence)
                generator.insert(sequence: first.sequence, now: now)
            }
            guard let due = generator.nextTimeout(), due <= now,
                  let list = generator.pollNACK(now: now, rtt: .milliseconds(2)) else { continue }
            for sequence in list {
                guard let sent = sentAt[sequence], now - sent < kept else { continue }
                if let last = lastAnswer[sequence], now - last < quiet { continue }
                lastAnswer[sequence] = now
                let lost = random.chance(0.05)
                answers[sequence, default: (0, 0)].sent += 1
                if lost {
                    answers[sequence, default: (0, 0)].lost += 1
                    if answers[sequence]?.sent == 1 { firstAnswerLost += 1 }
                } else {
                    arrivals.append((now + .milliseconds(1), sequence))
                    arrivals.sort { $0.at < $1.at }
                }
            }
        }
        let missing = (0..<count).filter { !received.contains(UInt16($0)) }.count
        let everyAnswerLost = answers.values.filter { $0.sent > 0 && $0.lost == $0.sent }.count
        return (missing, firstAnswerLost, everyAnswerLost)
    }
}
