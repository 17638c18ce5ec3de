import RTCBase

/// Counts video freezes by the W3C webrtc-stats rule: a frame whose delay since the previous one
/// exceeds max(3 x the mean frame duration, mean + 150 ms), the mean taken over the last 30 frames.
public struct FreezeDetector: Sendable {
    public private(set) var freezeCount = 0
    public private(set) var totalFreezeDuration: Duration = .zero
    private var lastFrame: Instant?
    private var recentDurations: [Duration] = []

    public init() {}

    /// Whether the time since the last frame already counts as a freeze by the same rule: a
    /// stall that lasts to the end of a measurement is a freeze too, though no frame closes it.
    public func isStalled(at now: Instant) -> Bool {
        guard let lastFrame, recentDurations.count >= 3 else { return false }
        let mean = recentDurations.reduce(Duration.zero, +) / recentDurations.count
        return now - lastFrame > max(mean * 3, mean + .milliseconds(150))
    }

    public mutating func frameRendered(at now: Instant) {
        defer { lastFrame = now }
        guard let lastFrame else { return }
        let delay = now - lastFrame
        if recentDurations.count >= 3 {
            let total = recentDurations.reduce(Duration.zero, +)
            let mean = total / recentDurations.count
            let threshold = max(mean * 3, mean + .milliseconds(150))
            if delay > threshold {
                freezeCount += 1
                totalFreezeDuration += delay
            }
        }
        recentDurations.append(delay)
        if recentDurations.count > 30 { recentDurations.removeFirst() }
    }
}
