import LinkEmulation
import RTCBase
import Testing

/// The link on a virtual clock: datagrams are numbered in their first four bytes, so order and
/// identity can be read back from what is delivered.
@Suite struct EmulatedLinkTests {
    static let from = TransportAddress(ip: .v4(192, 0, 2, 1), port: 5000)
    static let to = TransportAddress(ip: .v4(192, 0, 2, 2), port: 6000)

    static func datagram(_ number: Int, bytes: Int = 1250) -> Datagram {
        var payload = [UInt8](repeating: 0, count: bytes)
        for index in 0..<4 { payload[index] = UInt8(truncatingIfNeeded: number >> (8 * index)) }
        return Datagram(source: from, destination: to, payload: payload)
    }

    static func number(_ datagram: Datagram) -> Int {
        (0..<4).reduce(0) { $0 | Int(datagram.payload[$1]) << (8 * $1) }
    }

    /// Delivers everything in flight, stepping from deadline to deadline; each datagram's number
    /// and arrival.
    static func drain(_ link: inout EmulatedLink) -> [(number: Int, at: Instant)] {
        var arrivals: [(Int, Instant)] = []
        while let next = link.nextDelivery() {
            arrivals += link.deliver(now: next).map { (number($0), next) }
        }
        return arrivals
    }

    @Test func aHundredPacketsOf1250BytesTakeOneSecondAtOneMegabit() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=1Mbit"))
        for number in 0..<100 {
            let sent = link.send(Self.datagram(number), now: .zero)
            #expect(sent)
        }
        #expect(link.queueDelay(now: .zero) == .seconds(1))
        #expect(link.queuedBytes(now: .zero) == 125_000)
        let arrivals = Self.drain(&link)
        #expect(arrivals.map(\.number) == Array(0..<100))
        // Each 10,000-bit packet holds the link 10 ms.
        #expect(arrivals.map(\.at) == (1...100).map { .milliseconds(Int64($0) * 10) })
        #expect(link.counters.deliveredPackets == 100 && link.counters.deliveredBytes == 125_000)
        #expect(link.counters.maximumQueueDelay == .milliseconds(990))
    }

    @Test func packetsPacedAtTheRateNeverWait() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=1Mbit,queue=1ms"))
        var arrivals: [Instant] = []
        for number in 0..<100 {
            let now = Instant.milliseconds(Int64(number) * 10)
            arrivals += link.deliver(now: now).map { _ in now }
            let sent = link.send(Self.datagram(number), now: now)
            #expect(sent, "packet \(number)")
        }
        arrivals += Self.drain(&link).map(\.at)
        #expect(arrivals.count == 100)
        #expect(arrivals.last == .milliseconds(1000))
        #expect(link.counters.maximumQueueDelay == .zero)
        #expect(link.counters.queueDroppedPackets == 0)
    }

    @Test func a300MillisecondQueueAt500KilobitHolds18750BytesAndDropsBeyond() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=500kbit,queue=300ms"))
        let accepted = (0..<100).filter { link.send(Self.datagram($0), now: .zero) }
        // 15 × 1250 = 18,750 bytes = 300 ms at 500 kbit/s; the 16th would not fit.
        #expect(accepted == Array(0..<15))
        #expect(link.queuedBytes(now: .zero) == 18_750)
        #expect(link.queueDelay(now: .zero) == .milliseconds(300))
        #expect(link.counters.queueDroppedPackets == 85 && link.counters.queueDroppedBytes == 85 * 1250)
        #expect(link.counters.inFlightPackets == 15)
        // One packet's time later there is room for exactly one more.
        let first = link.deliver(now: .milliseconds(20)).map(Self.number)
        #expect(first == [0])
        let fits = link.send(Self.datagram(100), now: .milliseconds(20))
        let overflows = link.send(Self.datagram(101), now: .milliseconds(20))
        #expect(fits && !overflows)
        let rest = Self.drain(&link).map(\.number)
        #expect(rest == Array(1..<15) + [100])
        #expect(link.counters.deliveredPackets == 16)
    }

    @Test func aSustainedOverloadIsCutToTheRateWithTheQueueDelayBounded() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=500kbit,queue=300ms"))
        // 1 Mbit/s offered for 10 s: a 1250-byte packet every 10 ms.
        var deliveredBytes = 0
        for step in 0..<1000 {
            let now = Instant.milliseconds(Int64(step) * 10)
            deliveredBytes += link.deliver(now: now).reduce(0) { $0 + $1.payload.count }
            link.send(Self.datagram(step), now: now)
            #expect(link.queueDelay(now: now) <= .milliseconds(300))
        }
        // 10 s at 500 kbit/s is 625,000 bytes, less what is still queued.
        #expect(deliveredBytes <= 625_000 && deliveredBytes >= 625_000 - 18_750 - 1250)
        #expect(abs(Double(link.counters.queueDroppedPackets) - 500) <= 20)
    }

    @Test func delayAndJitterStayInTheirBoundsAndNeverReorder() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "delay=50ms,jitter=10ms"), seed: 7)
        var sentAt: [Int: Instant] = [:]
        var arrivals: [(number: Int, at: Instant)] = []
        for number in 0..<2000 {
            let now = Instant.milliseconds(Int64(number))
            arrivals += link.deliver(now: now).map { (Self.number($0), now) }
            sentAt[number] = now
            let sent = link.send(Self.datagram(number, bytes: 100), now: now)
            #expect(sent)
            if let next = link.nextDelivery() { #expect(next >= now) }
        }
        arrivals += Self.drain(&link)
        #expect(arrivals.map(\.number) == Array(0..<2000))
        // Delivered on the millisecond steps, so each is at most 1 ms past its exact instant.
        let delays = arrivals.map { ($0.at - sentAt[$0.number]!).milliseconds }
        #expect(delays.allSatisfy { $0 >= 40 && $0 <= 61 }, "\(delays.min()!)...\(delays.max()!)")
        #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0.at <= $1.at })
        // Packets 1 ms apart under ±10 ms: each waits for the latest before it, so the delays
        // bunch at the top of the range (the price of never reordering).
        #expect(delays.max()! > 57)
    }

    @Test func jitterSpreadsDelaysEvenlyWhenPacketsAreFartherApartThanItsRange() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "delay=50ms,jitter=10ms"), seed: 9)
        for number in 0..<1000 { link.send(Self.datagram(number, bytes: 100), now: .milliseconds(Int64(number) * 25)) }
        let delays = Self.drain(&link).map { ($0.at - .milliseconds(Int64($0.number) * 25)).milliseconds }
        #expect(delays.count == 1000)
        #expect(delays.allSatisfy { $0 >= 40 && $0 <= 60 })
        #expect(delays.min()! < 41 && delays.max()! > 59, "\(delays.min()!)...\(delays.max()!)")
        // Uniform in ±10 ms: the mean is the delay, a quarter of them in each 5 ms band.
        let mean = delays.reduce(0, +) / Double(delays.count)
        #expect(abs(mean - 50) < 1, "mean \(mean)")
        #expect(abs(Double(delays.filter { $0 < 45 }.count) - 250) < 60)
    }

    @Test func exactDeliveryInstantsKeepOrderUnderJitterLargerThanTheGap() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "delay=20ms,jitter=20ms"), seed: 3)
        for number in 0..<500 { link.send(Self.datagram(number, bytes: 100), now: Instant(nanoseconds: Int64(number) * 100_000)) }
        let arrivals = Self.drain(&link)
        #expect(arrivals.map(\.number) == Array(0..<500))
        for (index, arrival) in arrivals.enumerated() {
            let delay = arrival.at - Instant(nanoseconds: Int64(index) * 100_000)
            // Jitter may reach below zero delay; the link never delivers before it was sent.
            #expect(delay >= .zero && delay <= .milliseconds(40))
        }
    }

    @Test func lossOver10000PacketsIsNearTheFractionAndRepeatsWithTheSeed() throws {
        let profile = try LinkProfile(parsing: "loss=3%")
        func run(seed: UInt64) -> [Bool] {
            var link = EmulatedLink(profile: profile, seed: seed)
            let results = (0..<10_000).map { link.send(Self.datagram($0, bytes: 200), now: .milliseconds(Int64($0))) }
            #expect(link.counters.lostPackets == results.filter { !$0 }.count)
            #expect(link.counters.lostBytes == link.counters.lostPackets * 200)
            return results
        }
        let first = run(seed: 42)
        let lost = Double(first.filter { !$0 }.count) / 10_000
        // Three standard deviations of a binomial at 3% over 10,000 draws is 0.51%.
        #expect(abs(lost - 0.03) < 0.006, "lost \(lost)")
        #expect(run(seed: 42) == first)
        #expect(run(seed: 43) != first)
    }

    @Test func lossComesAfterTheQueueSoLostPacketsStillUseTheLink() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=1Mbit,loss=50%"), seed: 1)
        for number in 0..<100 { link.send(Self.datagram(number), now: .zero) }
        #expect(link.counters.lostPackets > 30 && link.counters.lostPackets < 70)
        // All hundred were serialized: the queue drains at one second however many were lost.
        #expect(link.queueDelay(now: .zero) == .seconds(1))
        let arrivals = Self.drain(&link)
        #expect(arrivals.count == 100 - link.counters.lostPackets)
        #expect(arrivals.allSatisfy { $0.at == .milliseconds(Int64($0.number + 1) * 10) })
    }

    @Test func anIdleLinkTakesADatagramLargerThanItsQueue() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "rate=1Mbit,queue=1kB"))
        let first = link.send(Self.datagram(0), now: .zero)
        let second = link.send(Self.datagram(1), now: .zero)
        let later = link.send(Self.datagram(2), now: .milliseconds(10))
        #expect(first && !second && later)
    }

    @Test func theUnlimitedProfilePassesEverythingAtOnce() {
        var link = EmulatedLink(profile: .unlimited)
        let sent = (0..<1000).map { link.send(Self.datagram($0), now: .milliseconds(5)) }
        #expect(sent.allSatisfy { $0 })
        #expect(link.nextDelivery() == .milliseconds(5))
        let delivered = link.deliver(now: .milliseconds(5)).map(Self.number)
        #expect(delivered == Array(0..<1000))
        #expect(link.nextDelivery() == nil)
        #expect(link.counters.offeredPackets == 1000 && link.counters.deliveredPackets == 1000)
        #expect(link.counters.queueDroppedPackets == 0 && link.counters.lostPackets == 0)
    }

    @Test func nothingIsDeliveredEarly() throws {
        var link = EmulatedLink(profile: try LinkProfile(parsing: "delay=30ms"))
        link.send(Self.datagram(0), now: .milliseconds(10))
        let early = link.deliver(now: .milliseconds(39))
        #expect(early.isEmpty)
        #expect(link.nextDelivery() == .milliseconds(40))
        let due = link.deliver(now: .milliseconds(40))
        #expect(due.count == 1)
    }
}
