/// Picks the video frame interval from how long the terminal took to absorb the last frames:
/// when writes block for a large part of the interval the terminal (or the SSH link under it)
/// is the bottleneck, so the interval grows; when writes are quick it creeps back down.
/// Frames that arrive in between are simply not drawn: the next render shows the newest.
public struct TerminalWritePacer: Sendable, Equatable {
    public let fastest: Duration
    public let slowest: Duration
    /// The current interval between video frames.
    public private(set) var interval: Duration

    /// `maximumFramesPerSecond` bounds the rate from above, `minimumFramesPerSecond` from below.
    public init(maximumFramesPerSecond: Double = 30, minimumFramesPerSecond: Double = 2) {
        fastest = .seconds(1 / max(1, maximumFramesPerSecond))
        slowest = .seconds(1 / max(0.1, min(minimumFramesPerSecond, maximumFramesPerSecond)))
        interval = fastest
    }

    /// Adjusts the interval after a frame whose write blocked for `writeDuration`.
    public mutating func record(writeDuration: Duration) {
        if writeDuration * 2 > interval {
            // Leave the terminal at least as long again as the write took to drain.
            interval = min(slowest, max(interval * 1.5, writeDuration * 2))
        } else if writeDuration * 4 < interval {
            interval = max(fastest, interval * 0.9)
        }
    }

    public var framesPerSecond: Double {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return seconds > 0 ? 1 / seconds : 0
    }
}
