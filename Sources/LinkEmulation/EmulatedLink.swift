import RTCBase

/// One direction of a bad network, sans-IO: datagrams go in with `send(_:now:)` and come out of
/// `deliver(now:)` once their time has come (`nextDelivery()`).
///
/// The model, in the order a datagram meets it:
/// 1. A drop-tail FIFO in front of a bottleneck that serializes `rate` bits per second: a datagram
///    of n bytes holds the bottleneck for n × 8 / rate seconds after the ones before it. The queue
///    limit counts the bytes not yet serialized; a datagram that would take it past the limit is
///    dropped, except that an idle link always takes one (as a router's interface sends what it
///    can start at once). No rate: nothing waits and nothing is dropped here.
/// 2. Random loss, after the bottleneck: a lost datagram has used the bottleneck's time, as one
///    corrupted or dropped further along the path has. Deciding it before the queue would let
///    every lost datagram free link capacity for the next, so a sender at exactly the rate would
///    never see the queue fill at a lossy bottleneck, which real links do not do.
/// 3. Propagation: `delay` plus a uniform offset in ±`jitter`, but never before the end of
///    serialization and never before the previous datagram's delivery: the link does not reorder
///    (a FIFO path; reordering is a different impairment, and one ICE and SRTP rarely meet).
///
/// `send` returns at once whether the datagram will arrive; the counters add it up. The
/// randomness is seeded for tests (`seed`), and the system's otherwise.
public struct EmulatedLink: Sendable {
    public let profile: LinkProfile
    public private(set) var counters = LinkCounters()
    private let queueLimitBytes: Int?
    private var random: EngineRandom
    /// When the bottleneck has serialized everything it took so far; nil before the first.
    private var bottleneckFreeAt: Instant?
    private var lastDelivery: Instant?
    /// Accepted datagrams in delivery order (their instants never decrease), from `head` on.
    private var inFlight: [(at: Instant, datagram: Datagram)] = []
    private var head = 0

    public init(profile: LinkProfile, seed: UInt64? = nil) {
        self.profile = profile
        queueLimitBytes = profile.queueLimitBytes
        random = EngineRandom(seed: seed)
    }

    /// Offers a datagram to the link at `now`. False when it will never arrive: the queue was
    /// full, or it was lost.
    @discardableResult
    public mutating func send(_ datagram: Datagram, now: Instant) -> Bool {
        let size = datagram.payload.count
        counters.offeredPackets += 1
        counters.offeredBytes += size
        var leaves = now
        if let rate = profile.rate {
            let waiting = queuedBytes(now: now)
            if let queueLimitBytes, waiting > 0, waiting + size > queueLimitBytes {
                counters.queueDroppedPackets += 1
                counters.queueDroppedBytes += size
                return false
            }
            let start = max(now, bottleneckFreeAt ?? now)
            counters.maximumQueueDelay = max(counters.maximumQueueDelay, start - now)
            leaves = start + Self.serializationTime(bytes: size, rate: rate)
            bottleneckFreeAt = leaves
        }
        if profile.loss > 0, random.unit() < profile.loss {
            counters.lostPackets += 1
            counters.lostBytes += size
            return false
        }
        var arrives = leaves + profile.delay
        if profile.jitter > .zero {
            let offset = (random.unit() * 2 - 1) * Double(profile.jitter.nanosecondsClamped)
            arrives = arrives + .nanoseconds(Int64(offset.rounded()))
        }
        arrives = max(arrives, leaves, lastDelivery ?? arrives)
        lastDelivery = arrives
        inFlight.append((arrives, datagram))
        return true
    }

    /// When the next datagram in flight arrives; nil when none is.
    public func nextDelivery() -> Instant? {
        head < inFlight.count ? inFlight[head].at : nil
    }

    /// The datagrams whose time has come by `now`, in the order they were sent.
    public mutating func deliver(now: Instant) -> [Datagram] {
        var due: [Datagram] = []
        while head < inFlight.count, inFlight[head].at <= now {
            let datagram = inFlight[head].datagram
            counters.deliveredPackets += 1
            counters.deliveredBytes += datagram.payload.count
            due.append(datagram)
            head += 1
        }
        // Storage is kept for the next burst; a long tail is moved down now and then.
        if head == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > inFlight.count {
            inFlight.removeFirst(head)
            head = 0
        }
        return due
    }

    /// How long a datagram sent at `now` would wait before the bottleneck starts on it.
    public func queueDelay(now: Instant) -> Duration {
        guard let bottleneckFreeAt, bottleneckFreeAt > now else { return .zero }
        return bottleneckFreeAt - now
    }

    /// The bytes accepted and not yet serialized at `now` (what the queue limit counts).
    public func queuedBytes(now: Instant) -> Int {
        guard let rate = profile.rate else { return 0 }
        let waiting = Double(queueDelay(now: now).nanosecondsClamped) * Double(rate) / 8e9
        return Int(waiting.rounded())
    }

    /// n bytes at `rate` bits per second, in whole nanoseconds.
    static func serializationTime(bytes: Int, rate: Int) -> Duration {
        .nanoseconds(Int64(bytes) * 8_000_000_000 / Int64(rate))
    }
}
