import RTCBase

/// Spreads packets out at a pacing rate (a multiple of the estimate) so that a keyframe or a
/// burst of retransmissions does not hit the bottleneck queue at once. Audio goes first and is
/// never held back; retransmissions go before new video, since a receiver is waiting on them.
///
/// The budget is a debt: each packet adds its bits, time at the pacing rate pays them off, and a
/// packet may leave while the debt is under a few milliseconds' worth (small bursts keep the
/// wake-ups few). A queue that would take longer than `maximumQueueTime` to drain at the pacing
/// rate is drained faster: latency matters more than the estimate's last few percent.
public struct Pacer<Packet> {
    public enum Priority: Int, CaseIterable, Sendable {
        case audio
        case retransmission
        case video
    }

    struct Queued {
        var packet: Packet
        var size: Int
        var enqueuedAt: Instant
    }

    public var pacingRate: Int
    public var maximumQueueTime: Duration
    /// Debt allowed before packets wait: the burst size, in time at the pacing rate.
    public var burst: Duration = .milliseconds(5)
    private var queues: [[Queued]] = Array(repeating: [], count: Priority.allCases.count)
    private var heads: [Int] = Array(repeating: 0, count: Priority.allCases.count)
    private var debtBits = 0.0
    private var lastUpdate: Instant?
    public private(set) var queuedBytes = 0
    public private(set) var queuedPackets = 0

    public init(pacingRate: Int, maximumQueueTime: Duration = .seconds(2)) {
        self.pacingRate = max(pacingRate, 1)
        self.maximumQueueTime = maximumQueueTime
    }

    public mutating func enqueue(_ packet: Packet, size: Int, priority: Priority, now: Instant) {
        payOff(now: now)
        queues[priority.rawValue].append(Queued(packet: packet, size: size, enqueuedAt: now))
        queuedBytes += size
        queuedPackets += 1
    }

    /// How long the oldest waiting packet has waited.
    public func queueDelay(now: Instant) -> Duration {
        var oldest: Instant?
        for (queue, head) in zip(queues, heads) where head < queue.count {
            oldest = earliest(oldest, queue[head].enqueuedAt)
        }
        return oldest.map { now - $0 } ?? .zero
    }

    /// When the next packet may leave (at or after the last call's `now`); nil when nothing waits.
    public func nextSendTime() -> Instant? {
        guard queuedPackets > 0, let lastUpdate else { return nil }
        if heads[Priority.audio.rawValue] < queues[Priority.audio.rawValue].count { return lastUpdate }
        let rate = Double(effectiveRate(now: lastUpdate))
        let excess = debtBits - allowanceBits(rate: rate)
        guard excess > 0 else { return lastUpdate }
        return lastUpdate + .nanoseconds(Int64((excess / rate * 1e9).rounded(.up)))
    }

    /// The next packet allowed to leave now, highest priority first; nil when none may yet.
    public mutating func dequeue(now: Instant) -> Packet? {
        guard queuedPackets > 0 else { return nil }
        payOff(now: now)
        for priority in Priority.allCases {
            let index = priority.rawValue
            guard heads[index] < queues[index].count else { continue }
            if priority != .audio, debtBits > allowanceBits(rate: Double(effectiveRate(now: now))) { return nil }
            let queued = queues[index][heads[index]]
            heads[index] += 1
            if heads[index] == queues[index].count {
                queues[index].removeAll(keepingCapacity: true)
                heads[index] = 0
            } else if heads[index] > 512 {
                queues[index].removeFirst(heads[index])
                heads[index] = 0
            }
            queuedBytes -= queued.size
            queuedPackets -= 1
            debtBits += Double(queued.size * 8)
            return queued.packet
        }
        return nil
    }

    /// Counts bits that left without the queue (padding, or a packet sent around it).
    public mutating func account(size: Int, now: Instant) {
        payOff(now: now)
        debtBits += Double(size * 8)
    }

    /// The pacing rate, or faster when the queue would otherwise take too long to drain.
    func effectiveRate(now: Instant) -> Int {
        let drainBits = Double(queuedBytes * 8)
        let remaining = maximumQueueTime - queueDelay(now: now)
        let needed = remaining > .milliseconds(10) ? drainBits / remaining.seconds : drainBits / 0.01
        return max(pacingRate, Int(needed))
    }

    private func allowanceBits(rate: Double) -> Double { rate * burst.seconds }

    private mutating func payOff(now: Instant) {
        guard let lastUpdate else {
            lastUpdate = now
            return
        }
        guard now > lastUpdate else { return }
        let paid = Double(effectiveRate(now: now)) * (now - lastUpdate).seconds
        debtBits = max(0, debtBits - paid)
        self.lastUpdate = now
    }
}

extension Pacer: Sendable where Packet: Sendable {}
extension Pacer.Queued: Sendable where Packet: Sendable {}
