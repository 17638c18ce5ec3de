// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Receiver side of RTCP generic NACK (RFC 4585 6.2.1): notices gaps in the sequence numbers and
/// decides which missing packets to ask for, and when.
///
/// A missing packet is requested on the first poll after the gap is seen, then again after
/// max(rtt, `minimumInterval`), and after each further request the wait doubles, up to
/// `maximumInterval`: at most `maxRequests` times in all. It is forgotten when it arrives, when it
/// has been requested `maxRequests` times and one more wait has passed, when it is older than
/// `maxAge`, or when the list grows past `maxMissing` (oldest first; a keyframe request is then the
/// better repair, see `keyframeRequestNeeded`).
///
/// The wait grows because senders answer a sequence number once and then ignore repeats for a
/// while: Janus 1.1 skips a NACK for a packet it retransmitted less than 200 ms ago, and keeps a
/// sent packet for max(200 ms, rtt + 100 ms) plus up to a second (it purges once a second). On a
/// LAN, where the RTT is far below `minimumInterval`, ten requests 20 ms apart all fall in that
/// window, so a retransmission that is lost again is never replaced. With the defaults and a short
/// RTT the requests go out at 0, 20, 60, 140, 300, 620, 1120 and 1620 ms: at once, and again once
/// such a sender answers again.
public struct NackGenerator: Sendable {
    struct Entry: Sendable {
        var sequence: Int64
        var detectedAt: Instant
        var lastRequestAt: Instant?
        var requests: Int
    }

    public var maxMissing: Int
    public var maxRequests: Int
    public var maxAge: Duration
    public var minimumInterval: Duration
    /// The longest wait between two requests for the same packet.
    public var maximumInterval: Duration
    /// Set when missing packets were dropped unrequested because the list overflowed or the
    /// sequence jumped; cleared by `takeKeyframeRequest()`.
    public private(set) var keyframeRequestNeeded = false

    private var unwrapper = SequenceNumberUnwrapper()
    /// Sorted by sequence; gaps are only ever appended above the newest packet.
    private var missing: [Entry] = []
    /// The first wait, max(rtt, `minimumInterval`), as of the last poll, for `nextTimeout()`.
    private var interval: Duration

    public init(maxMissing: Int = 1000, maxRequests: Int = 10, maxAge: Duration = .seconds(2),
                minimumInterval: Duration = .milliseconds(20), maximumInterval: Duration = .milliseconds(500)) {
        self.maxMissing = maxMissing
        self.maxRequests = maxRequests
        self.maxAge = maxAge
        self.minimumInterval = minimumInterval
        self.maximumInterval = maximumInterval
        interval = max(minimumInterval, .milliseconds(100))
        missing.reserveCapacity(64)
    }

    /// How long after its `requests`-th request a packet is asked for again: `interval`, doubled
    /// for each request after the first, at most `maximumInterval` (never less than `interval`).
    private func retryDelay(afterRequests requests: Int) -> Duration {
        Self.retryDelay(afterRequests: requests, interval: interval, maximumInterval: maximumInterval)
    }

    private static func retryDelay(afterRequests requests: Int, interval: Duration, maximumInterval: Duration) -> Duration {
        let ceiling = max(interval, maximumInterval)
        var delay = interval
        var doublings = requests - 1
        while doublings > 0, delay < ceiling {
            delay = delay * 2
            doublings -= 1
        }
        return min(delay, ceiling)
    }

    /// Sequence numbers currently considered missing, oldest first.
    public var missingSequenceNumbers: [UInt16] { missing.map { UInt16(truncatingIfNeeded: $0.sequence) } }

    /// Records the arrival of an RTP packet (original or retransmission).
    public mutating func insert(sequence: UInt16, now: Instant) {
        let previous = unwrapper.highestExtended
        let value = unwrapper.unwrap(sequence)
        guard let previous else { return }
        if value > previous + 1 {
            let gap = value - previous - 1
            // A jump this large is a restart or a burst no retransmission can repair.
            if gap > Int64(maxMissing) {
                missing.removeAll(keepingCapacity: true)
                keyframeRequestNeeded = true
            }
            for lost in max(previous + 1, value - Int64(maxMissing))..<value {
                missing.append(Entry(sequence: lost, detectedAt: now, lastRequestAt: nil, requests: 0))
            }
            if missing.count > maxMissing {
                missing.removeFirst(missing.count - maxMissing)
                keyframeRequestNeeded = true
            }
        } else if value <= previous, let index = index(of: value) {
            missing.remove(at: index)
        }
    }

    /// Returns and clears `keyframeRequestNeeded`.
    public mutating func takeKeyframeRequest() -> Bool {
        defer { keyframeRequestNeeded = false }
        return keyframeRequestNeeded
    }

    /// The sequence numbers to put in a NACK now, oldest first, or nil when none is due.
    public mutating func pollNACK(now: Instant, rtt: Duration) -> [UInt16]? {
        interval = max(rtt, minimumInterval)
        let maxRequests = self.maxRequests
        let tooOld = now - maxAge
        let (interval, maximumInterval) = (self.interval, self.maximumInterval)
        missing.removeAll { entry in
            if entry.detectedAt <= tooOld { return true }
            guard entry.requests >= maxRequests, let last = entry.lastRequestAt else { return false }
            return now - last >= Self.retryDelay(afterRequests: entry.requests, interval: interval, maximumInterval: maximumInterval)
        }
        var due: [UInt16] = []
        for i in missing.indices {
            let entry = missing[i]
            guard entry.requests < maxRequests else { continue }
            if let last = entry.lastRequestAt, now - last < retryDelay(afterRequests: entry.requests) { continue }
            missing[i].lastRequestAt = now
            missing[i].requests += 1
            due.append(UInt16(truncatingIfNeeded: entry.sequence))
        }
        return due.isEmpty ? nil : due
    }

    /// When `pollNACK` next has work (a request or something to forget), nil when nothing is missing.
    public func nextTimeout() -> Instant? {
        var earliest: Instant?
        for entry in missing {
            let next = entry.lastRequestAt.map { $0 + retryDelay(afterRequests: entry.requests) } ?? entry.detectedAt
            let deadline = min(next, entry.detectedAt + maxAge)
            if earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        }
        return earliest
    }

    private func index(of sequence: Int64) -> Int? {
        var low = 0
        var high = missing.count
        while low < high {
            let mid = (low + high) / 2
            if missing[mid].sequence < sequence { low = mid + 1 } else { high = mid }
        }
        return low < missing.count && missing[low].sequence == sequence ? low : nil
    }
}
