// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Receiver side of RTCP generic NACK (RFC 4585 6.2.1): notices gaps in the sequence numbers and
/// decides which missing packets to ask for, and when.
///
/// A missing packet is requested on the first poll after the gap is seen, then again at most
/// once per max(rtt, `minimumInterval`), at most `maxRequests` times in all. It is forgotten when
/// it arrives, when it has been requested `maxRequests` times and one more interval has passed,
/// when it is older than `maxAge`, or when the list grows past `maxMissing` (oldest first; a
/// keyframe request is then the better repair, see `keyframeRequestNeeded`).
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
    /// Set when missing packets were dropped unrequested because the list overflowed or the
    /// sequence jumped; cleared by `takeKeyframeRequest()`.
    public private(set) var keyframeRequestNeeded = false

    private var unwrapper = SequenceNumberUnwrapper()
    /// Sorted by sequence; gaps are only ever appended above the newest packet.
    private var missing: [Entry] = []
    /// The interval used by the last poll, for `nextTimeout()`.
    private var interval: Duration

    public init(maxMissing: Int = 1000, maxRequests: Int = 10, maxAge: Duration = .seconds(2),
                minimumInterval: Duration = .milliseconds(20)) {
        self.maxMissing = maxMissing
        self.maxRequests = maxRequests
        self.maxAge = maxAge
        self.minimumInterval = minimumInterval
        interval = max(minimumInterval, .milliseconds(100))
        missing.reserveCapacity(64)
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
        let interval = self.interval
        let maxRequests = self.maxRequests
        let tooOld = now - maxAge
        missing.removeAll { entry in
            if entry.detectedAt <= tooOld { return true }
            guard entry.requests >= maxRequests, let last = entry.lastRequestAt else { return false }
            return now - last >= interval
        }
        var due: [UInt16] = []
        for i in missing.indices {
            let entry = missing[i]
            guard entry.requests < maxRequests else { continue }
            if let last = entry.lastRequestAt, now - last < interval { continue }
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
            let next = entry.lastRequestAt.map { $0 + interval } ?? entry.detectedAt
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
