import RTCBase
import Testing
@testable import RTCMedia

@Suite struct NackGeneratorTests {
    /// A seeded 10 % loss pattern across the 16-bit wrap, polled every millisecond: every lost
    /// packet is requested as soon as it is detected, then every RTT, exactly `maxRequests` times,
    /// and nothing that arrived is ever requested.
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
            for (a, b) in zip(times, times.dropFirst()) { #expect(b - a == rtt) }
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
        // Requests at 0, 100, 200 ms; at 300 ms the entry is too old.
        #expect(requests == 3)
        #expect(now == .milliseconds(300))
    }
}
