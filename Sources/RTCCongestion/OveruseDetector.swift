import RTCBase

/// Compares the delay trend with an adaptive threshold (draft-ietf-rmcat-gcc-02 5.4): above it for
/// long enough is overuse, below its negative is underuse. The threshold follows the trend slowly
/// upward and faster downward, so a competing TCP flow's standing queue does not starve us.
public struct OveruseDetector: Sendable {
    static let upGain = 0.0087
    static let downGain = 0.039
    static let thresholdRange = 6.0...600.0
    /// Overuse must last this long (and two samples) before it is reported.
    static let overuseTime: Duration = .milliseconds(10)

    public private(set) var threshold = 12.5
    public private(set) var state = BandwidthUsage.normal
    private var lastUpdate: Duration?
    private var overuseStarted: Duration?
    private var overuseCount = 0
    private var previousTrend = 0.0

    public init() {}

    /// Reads one trend at `arrival` (receiver clock).
    @discardableResult
    public mutating func detect(trend: Double, arrival: Duration) -> BandwidthUsage {
        if trend > threshold {
            if overuseStarted == nil { overuseStarted = arrival }
            overuseCount += 1
            if let started = overuseStarted, arrival - started >= Self.overuseTime, overuseCount > 1,
               trend >= previousTrend {
                overuseStarted = nil
                overuseCount = 0
                state = .overusing
            }
        } else if trend < -threshold {
            overuseStarted = nil
            overuseCount = 0
            state = .underusing
        } else {
            overuseStarted = nil
            overuseCount = 0
            state = .normal
        }
        previousTrend = trend
        adaptThreshold(trend: trend, arrival: arrival)
        return state
    }

    private mutating func adaptThreshold(trend: Double, arrival: Duration) {
        defer { lastUpdate = arrival }
        guard let lastUpdate else { return }
        let magnitude = abs(trend)
        // A spike far above the threshold is a one-off (a route change, a burst): do not chase it.
        if magnitude > threshold + 15 { return }
        let gain = magnitude < threshold ? Self.downGain : Self.upGain
        let elapsed = min((arrival - lastUpdate).milliseconds, 100)
        threshold += gain * (magnitude - threshold) * max(elapsed, 0)
        threshold = min(max(threshold, Self.thresholdRange.lowerBound), Self.thresholdRange.upperBound)
    }
}
