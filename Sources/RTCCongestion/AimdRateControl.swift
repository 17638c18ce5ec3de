import RTCBase

/// Turns the detector's readings into a rate (draft-ietf-rmcat-gcc-02 5.5): increase while the
/// queue is steady, hold while it drains, cut to a fraction of what was delivered when it grows.
///
/// Increase is multiplicative far from the last known capacity and additive (about a packet per
/// response time) near it. Before the first overuse the increase is faster: there is no capacity
/// known yet, and the cap on what was really delivered keeps it from running ahead of the encoder.
public struct AimdRateControl: Sendable {
    enum Phase: Sendable { case hold, increase, decrease }

    public var minimumBitrate: Int
    public var maximumBitrate: Int
    /// The fraction of the delivered rate kept on overuse.
    static let backoff = 0.85
    static let increasePerSecond = 1.08
    static let startupIncreasePerSecond = 2.0
    /// This long without overuse, the capacity learnt at the last one is stale (the link may have
    /// grown): the increase turns multiplicative again and faster. Browsers find such room with
    /// padding probes; without RTX we have nothing to probe with but the media itself.
    static let staleCapacityAfter: Duration = .seconds(3)
    static let recoveryIncreasePerSecond = 1.5

    public private(set) var bitrate: Int
    private var phase = Phase.increase
    private var lastChange: Instant?
    private var lastDecrease: Instant?
    private(set) var hasDecreased = false
    /// The delivered rate at past overuses, as a running mean and variance (kbit/s), normalized.
    private var capacityMean: Double?
    private var capacityVariance = 0.4

    public init(startBitrate: Int, minimumBitrate: Int, maximumBitrate: Int) {
        self.minimumBitrate = minimumBitrate
        self.maximumBitrate = maximumBitrate
        bitrate = min(max(startBitrate, minimumBitrate), maximumBitrate)
    }

    /// The rate after one reading. `acknowledged` is what the receiver really got lately (nil
    /// before enough feedback), `rtt` the current round trip.
    @discardableResult
    public mutating func update(usage: BandwidthUsage, acknowledged: Int?, rtt: Duration, now: Instant) -> Int {
        switch usage {
        case .normal: if phase == .hold { phase = .increase }
        case .overusing: phase = .decrease
        case .underusing: phase = .hold
        }
        let elapsed = lastChange.map { now - $0 } ?? .zero
        var next = bitrate
        switch phase {
        case .hold:
            break
        case .increase:
            if let acknowledged, let capacityMean, Double(acknowledged) / 1000 > capacityMean + 3 * capacityDeviation {
                // Far above the old capacity: the path changed; forget it.
                self.capacityMean = nil
            }
            let stale = lastDecrease.map { now - $0 >= Self.staleCapacityAfter } ?? false
            if stale { capacityMean = nil }
            if isNearCapacity {
                next += Int(Double(additiveIncreasePerSecond(rtt: rtt)) * elapsed.seconds)
            } else {
                let factor = !hasDecreased ? Self.startupIncreasePerSecond
                    : stale ? Self.recoveryIncreasePerSecond : Self.increasePerSecond
                // Compounded over the frequent updates, this is the factor per second.
                let growth = Double(bitrate) * (factor - 1) * min(elapsed.seconds, 1)
                next += max(Int(growth), 1000)
            }
            if let acknowledged {
                // Never far above what really gets through: an application-limited sender would
                // otherwise raise the estimate with no evidence for it.
                next = min(next, acknowledged * 3 / 2 + 10_000)
            }
            next = max(next, bitrate)
        case .decrease:
            if let lastDecrease, now - lastDecrease < min(max(rtt, .milliseconds(10)), .milliseconds(200)),
               (acknowledged ?? 0) * 2 >= bitrate {
                // The last cut has not reached the receiver yet.
                break
            }
            if let acknowledged {
                next = Int(Double(acknowledged) * Self.backoff)
                updateCapacity(with: acknowledged)
            } else {
                next = Int(Double(bitrate) * Self.backoff)
            }
            next = min(next, bitrate)
            lastDecrease = now
            hasDecreased = true
            phase = .hold
        }
        lastChange = now
        bitrate = min(max(next, minimumBitrate), maximumBitrate)
        return bitrate
    }

    /// Sets the rate from outside (a probe or a loss-based cut), keeping the phase.
    public mutating func set(bitrate value: Int, now: Instant) {
        bitrate = min(max(value, minimumBitrate), maximumBitrate)
        lastChange = now
    }

    private var capacityDeviation: Double {
        guard let capacityMean else { return 0 }
        return (capacityVariance * capacityMean).squareRoot()
    }

    private var isNearCapacity: Bool {
        guard let capacityMean else { return false }
        return abs(Double(bitrate) / 1000 - capacityMean) < 3 * capacityDeviation
    }

    private mutating func updateCapacity(with acknowledged: Int) {
        let sample = Double(acknowledged) / 1000
        guard let mean = capacityMean else {
            capacityMean = sample
            return
        }
        let alpha = 0.05
        let updated = (1 - alpha) * mean + alpha * sample
        let normalization = max(updated, 1)
        capacityVariance = (1 - alpha) * capacityVariance + alpha * (updated - sample) * (updated - sample) / normalization
        capacityVariance = min(max(capacityVariance, 0.4), 2.5)
        capacityMean = updated
    }

    /// About one packet of the current frame size per response time (RTT plus 100 ms), at least
    /// 4 kbit/s per second.
    private func additiveIncreasePerSecond(rtt: Duration) -> Int {
        let bitsPerFrame = Double(bitrate) / 30
        let packetsPerFrame = (bitsPerFrame / (1200 * 8)).rounded(.up)
        let packetBits = bitsPerFrame / max(packetsPerFrame, 1)
        let responseTime = (rtt + .milliseconds(100)).seconds
        return max(4000, Int(packetBits / responseTime))
    }
}

extension Duration {
    /// Fractional seconds.
    var seconds: Double { Double(nanosecondsClamped) / 1e9 }
}
