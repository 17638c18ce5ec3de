// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// A 64-bit NTP timestamp (RFC 3550 4): seconds since 1900-01-01 in the high 32 bits, a binary
/// fraction of a second in the low 32.
public struct NTPTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64

    public init(value: UInt64) { self.value = value }

    public init(seconds: UInt32, fraction: UInt32) {
        value = UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// Seconds from the NTP epoch (1900) to the Unix epoch (1970): 70 years including 17 leap days.
    public static let unixEpochOffsetSeconds: Int64 = 2_208_988_800

    /// Maps an engine clock value to wall-clock NTP time. `unixTimeAtZero` is the Unix time at
    /// `Instant.zero`: the driver measures it once, so engines stay free of clocks.
    public init(_ instant: Instant, unixTimeAtZero: Duration) {
        let nanoseconds = instant.nanoseconds.addingReportingOverflow(unixTimeAtZero.nanosecondsClamped).partialValue
        var (whole, rest) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        if rest < 0 {
            // Floor division, so times before the Unix epoch keep a positive fraction.
            rest += 1_000_000_000
            whole -= 1
        }
        let seconds = whole + Self.unixEpochOffsetSeconds
        // NTP seconds wrap in 2036 (era 1); the wire format keeps only the low 32 bits.
        let fraction = (UInt64(rest) << 32) / 1_000_000_000
        self.init(seconds: UInt32(truncatingIfNeeded: seconds), fraction: UInt32(truncatingIfNeeded: fraction))
    }

    public var seconds: UInt32 { UInt32(truncatingIfNeeded: value >> 32) }
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: value) }

    /// The middle 32 bits (16.16 fixed point seconds) that report blocks carry as LSR (RFC 3550 6.4.1).
    public var middle32: UInt32 { UInt32(truncatingIfNeeded: value >> 16) }

    public static func < (lhs: NTPTime, rhs: NTPTime) -> Bool { lhs.value < rhs.value }

    public var description: String { "NTP \(seconds).\(fraction)" }
}
