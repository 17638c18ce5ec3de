import Foundation

/// RFC 3339 timestamps from the server, and the short ages and durations the console shows.
public enum AdminTime {
    /// Parses `2026-11-22T15:03:00Z` or with fractional seconds; nil when it is neither.
    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? fractional.parse(text)
    }

    /// A span as the widest two units: `42s`, `5m07s`, `3h12m`, `2d04h`; negative spans show as `0s`.
    public static func span(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        let days = total / 86_400, hours = total / 3600 % 24, minutes = total / 60 % 60, secs = total % 60
        if days > 0 { return "\(days)d" + twoDigits(hours) + "h" }
        if total >= 3600 { return "\(total / 3600)h" + twoDigits(minutes) + "m" }
        if total >= 60 { return "\(total / 60)m" + twoDigits(secs) + "s" }
        return "\(secs)s"
    }

    /// How long ago `date` was, or `-` when unknown.
    public static func age(since date: Date?, now: Date) -> String {
        date.map { span(now.timeIntervalSince($0)) } ?? "-"
    }

    /// How long until `date`, or `-` when unknown.
    public static func remaining(until date: Date?, now: Date) -> String {
        date.map { span($0.timeIntervalSince(now)) } ?? "-"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
