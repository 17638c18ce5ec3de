import RTCBase

/// Kilobits per second from a byte counter: the rate over the span since the previous sample,
/// replaced at most every `minimumSpan` so that sampling twice in quick succession does not make
/// the figure jump. `now` is the caller's clock.
public struct BitrateMeter: Sendable {
    public let minimumSpan: Duration
    /// The rate over the last span long enough to count; 0 until there is one.
    public private(set) var kilobitsPerSecond: Double = 0
    private var last: (at: Instant, bytes: Int64)?

    public init(minimumSpan: Duration = .milliseconds(500)) {
        self.minimumSpan = minimumSpan
    }

    /// Takes the counter's value at `now` and returns the current rate.
    @discardableResult
    public mutating func record(totalBytes: Int64, now: Instant) -> Double {
        guard let last else {
            self.last = (now, totalBytes)
            return kilobitsPerSecond
        }
        let span = now - last.at
        if span >= minimumSpan {
            kilobitsPerSecond = Self.kilobitsPerSecond(bytes: totalBytes - last.bytes, seconds: span.milliseconds / 1000)
            self.last = (now, totalBytes)
        }
        return kilobitsPerSecond
    }

    /// `bytes` spread over `seconds`, in kbit/s; 0 for an empty span.
    public static func kilobitsPerSecond(bytes: Int64, seconds: Double) -> Double {
        seconds > 0 ? Double(bytes) * 8 / seconds / 1000 : 0
    }
}
