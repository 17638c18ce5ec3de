import Foundation

/// RFC 3339 timestamps in UTC, as every date on the wire is written.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
