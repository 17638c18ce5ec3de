import RTCBase

/// Fits a line through the recent queueing delay, accumulated and smoothed, against arrival time
/// (draft-ietf-rmcat-gcc-02 5.3 replaces its Kalman filter this way in today's implementations):
/// the slope says whether the bottleneck queue grows. The result is scaled so that one threshold
/// (`OveruseDetector`) reads it.
public struct TrendlineEstimator: Sendable {
    /// Samples the regression looks at.
    public let windowSize: Int
    let smoothing = 0.9
    let gain = 4.0
    /// The slope is trusted more as deltas accumulate, up to this many.
    let deltaCountCap = 60

    private var firstArrival: Duration?
    private var accumulatedDelay = 0.0
    private var smoothedDelay = 0.0
    private var samples: [(x: Double, y: Double)] = []
    private(set) var deltaCount = 0
    /// The last slope, scaled: milliseconds of queue growth the detector compares to its threshold.
    public private(set) var modifiedTrend = 0.0

    public init(windowSize: Int = 20) {
        self.windowSize = windowSize
        samples.reserveCapacity(windowSize)
    }

    /// Adds one group delta; returns the scaled trend.
    @discardableResult
    public mutating func update(_ delta: InterArrival.Delta) -> Double {
        let delayMilliseconds = (delta.arrivalDelta - delta.sendDelta).milliseconds
        deltaCount = min(deltaCount + 1, 1000)
        let origin = firstArrival ?? delta.arrival
        if firstArrival == nil { firstArrival = origin }
        accumulatedDelay += delayMilliseconds
        smoothedDelay = smoothing * smoothedDelay + (1 - smoothing) * accumulatedDelay
        if samples.count == windowSize { samples.removeFirst() }
        samples.append(((delta.arrival - origin).milliseconds, smoothedDelay))
        if samples.count == windowSize, let slope = Self.slope(samples) {
            modifiedTrend = Double(min(deltaCount, deltaCountCap)) * slope * gain
        }
        return modifiedTrend
    }

    /// Least-squares slope; nil when every x is the same.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        let count = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / count
        let meanY = points.reduce(0) { $0 + $1.y } / count
        var numerator = 0.0
        var denominator = 0.0
        for point in points {
            numerator += (point.x - meanX) * (point.y - meanY)
            denominator += (point.x - meanX) * (point.x - meanX)
        }
        return denominator == 0 ? nil : numerator / denominator
    }
}
