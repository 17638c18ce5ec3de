import RTCBase

/// The delay-based half of the estimate (draft-ietf-rmcat-gcc-02 5): group the acknowledged
/// packets, fit the queueing-delay trend, detect overuse, and move the rate with AIMD.
public struct DelayBasedEstimator: Sendable {
    private var interArrival = InterArrival()
    private var trendline = TrendlineEstimator()
    private var detector = OveruseDetector()
    public private(set) var rateControl: AimdRateControl
    public private(set) var usage = BandwidthUsage.normal

    public init(startBitrate: Int, minimumBitrate: Int, maximumBitrate: Int) {
        rateControl = AimdRateControl(startBitrate: startBitrate, minimumBitrate: minimumBitrate,
                                      maximumBitrate: maximumBitrate)
    }

    public var bitrate: Int { rateControl.bitrate }

    /// Reads one feedback's results (send order) and returns the new rate.
    @discardableResult
    public mutating func update(_ results: [PacketResult], acknowledged: Int?, rtt: Duration, now: Instant) -> Int {
        var sawOveruse = false
        var sawAny = false
        for result in results {
            guard let arrival = result.arrival else { continue }
            guard let delta = interArrival.add(sendTime: result.sent.sendTime, arrival: arrival, size: result.sent.size)
            else { continue }
            sawAny = true
            let trend = trendline.update(delta)
            let state = detector.detect(trend: trend, arrival: delta.arrival)
            sawOveruse = sawOveruse || state == .overusing
        }
        guard sawAny else { return rateControl.bitrate }
        // One feedback may hold several groups: overuse in any of them counts.
        usage = sawOveruse ? .overusing : detector.state
        return rateControl.update(usage: usage, acknowledged: acknowledged, rtt: rtt, now: now)
    }

    /// A cut from elsewhere (loss) lowers the base the increase starts from.
    public mutating func limit(to bitrate: Int, now: Instant) {
        if bitrate < rateControl.bitrate { rateControl.set(bitrate: bitrate, now: now) }
    }
}
