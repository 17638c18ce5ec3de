/// A point on the engine's clock, in nanoseconds from an arbitrary origin.
///
/// Protocol engines never read a clock: the driver (or a test's virtual clock) passes `now` in.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = Instant(nanoseconds: 0)

    public static func milliseconds(_ value: Int64) -> Instant { Instant(nanoseconds: value * 1_000_000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds + rhs.nanosecondsClamped)
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds - rhs.nanosecondsClamped)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(lhs.nanoseconds - rhs.nanoseconds)
    }

    public var description: String { "t+\(Double(nanoseconds) / 1e6)ms" }
}

extension Duration {
    /// Whole nanoseconds, saturating at the bounds of Int64.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in (fractional) milliseconds, for statistics.
    public var milliseconds: Double { Double(nanosecondsClamped) / 1e6 }
}

/// The earliest of optional deadlines; nil when none is set.
public func earliest(_ deadlines: Instant?...) -> Instant? {
    deadlines.compactMap { $0 }.min()
}
