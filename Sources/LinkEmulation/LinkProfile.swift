import RTCBase

/// How bad one direction of an emulated link is: a bottleneck `rate` with a drop-tail queue in
/// front of it, then a propagation `delay` with `jitter`, then random `loss`. Written as
/// `rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%` (the `--link` option), every part
/// optional; `unlimited` (or a profile with nothing set) passes every datagram at once.
public struct LinkProfile: Sendable, Hashable, CustomStringConvertible {
    /// How much the queue in front of the bottleneck holds; beyond it arriving datagrams are dropped.
    public enum QueueLimit: Sendable, Hashable {
        /// As the time the queue takes to drain at the link's rate (`queue=300ms`).
        case time(Duration)
        /// As bytes waiting (`queue=64kB`).
        case bytes(Int)
    }

    /// Bits per second the bottleneck serializes; nil: no bottleneck.
    public var rate: Int?
    /// nil: a queue that never drops (datagrams only wait longer).
    public var queueLimit: QueueLimit?
    public var delay: Duration
    /// Each datagram's delay is `delay` plus a uniform offset in ±`jitter`, never below zero and
    /// never before the previous datagram's (the link does not reorder).
    public var jitter: Duration
    /// The fraction of datagrams lost after the queue, 0...1.
    public var loss: Double

    /// The limits a spec is checked against: beyond them the arithmetic in nanoseconds and bytes
    /// would overflow long before the numbers meant anything for a network.
    public static let maximumRate = 100_000_000_000
    public static let maximumDelay = Duration.seconds(60)
    public static let maximumQueueBytes = 1_000_000_000

    public static let unlimited = LinkProfile()

    public init(rate: Int? = nil, queueLimit: QueueLimit? = nil, delay: Duration = .zero, jitter: Duration = .zero,
                loss: Double = 0) {
        self.rate = rate
        self.queueLimit = queueLimit
        self.delay = delay
        self.jitter = jitter
        self.loss = loss
    }

    /// Whether the profile changes anything: false for `unlimited`.
    public var impairs: Bool {
        rate != nil || delay > .zero || jitter > .zero || loss > 0
    }

    /// The queue limit in bytes, the time form converted at the link's rate; nil when unbounded
    /// (or given as time on a link without a rate, which `init(parsing:)` refuses).
    public var queueLimitBytes: Int? {
        switch queueLimit {
        case nil: return nil
        case let .bytes(bytes): return bytes
        case let .time(duration):
            guard let rate else { return nil }
            // bits/s × ns / 8 / 1e9, in an order that neither overflows nor truncates early.
            let bytes = Double(rate) * Double(duration.nanosecondsClamped) / 8e9
            return Int(bytes.rounded())
        }
    }

    /// The spec again, in the order and units `init(parsing:)` reads: parsing it gives this profile back.
    public var description: String {
        var parts: [String] = []
        if let rate { parts.append("rate=\(Self.format(rate: rate))") }
        switch queueLimit {
        case let .time(duration)?: parts.append("queue=\(Self.format(duration))")
        case let .bytes(bytes)?: parts.append("queue=\(Self.format(bytes: bytes))")
        case nil: break
        }
        if delay > .zero { parts.append("delay=\(Self.format(delay))") }
        if jitter > .zero { parts.append("jitter=\(Self.format(jitter))") }
        if loss > 0 { parts.append("loss=\(Self.format(decimal: loss * 100))%") }
        return parts.isEmpty ? "unlimited" : parts.joined(separator: ",")
    }

    // MARK: Formatting

    private static func format(rate: Int) -> String {
        for (unit, scale) in [("Gbit", 1_000_000_000), ("Mbit", 1_000_000), ("kbit", 1000)] where rate % scale == 0 {
            return "\(rate / scale)\(unit)"
        }
        return "\(rate)bit"
    }

    private static func format(bytes: Int) -> String {
        for (unit, scale) in [("MB", 1_000_000), ("kB", 1000)] where bytes % scale == 0 && bytes > 0 {
            return "\(bytes / scale)\(unit)"
        }
        return "\(bytes)B"
    }

    private static func format(_ duration: Duration) -> String {
        let nanoseconds = duration.nanosecondsClamped
        if nanoseconds % 1_000_000_000 == 0, nanoseconds > 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        return "\(format(decimal: Double(nanoseconds) / 1000))us"
    }

    /// A decimal without a trailing ".0", to six places at most (no Foundation here).
    static func format(decimal value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(.towardZero), abs(rounded) < 1e15 { return "\(Int64(rounded))" }
        return "\(rounded)"
    }
}
