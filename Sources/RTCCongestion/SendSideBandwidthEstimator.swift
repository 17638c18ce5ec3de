import RTCBase
import RTCMedia

/// The sender's estimate of what the path carries, from transport-wide feedback: the delay-based
/// rate, capped by the loss-based one and by the receiver's REMB, within the configured bounds.
/// Without transport-wide feedback (a peer that did not negotiate it) REMB and the loss in
/// receiver reports still move it.
public struct SendSideBandwidthEstimator: Sendable {
    public struct Configuration: Sendable {
        public var startBitrate: Int
        public var minimumBitrate: Int
        public var maximumBitrate: Int

        public init(startBitrate: Int = 600_000, minimumBitrate: Int = 60_000, maximumBitrate: Int = 2_500_000) {
            self.startBitrate = startBitrate
            self.minimumBitrate = minimumBitrate
            self.maximumBitrate = maximumBitrate
        }
    }

    /// Feedback this late, while sending, means it is lost on the way back (a saturated return
    /// path) or the receiver is gone: the estimate halves each such span instead of standing still.
    static let feedbackTimeout: Duration = .seconds(1)

    public let configuration: Configuration
    private var adapter = TransportFeedbackAdapter()
    private var acknowledged = AcknowledgedBitrate()
    private var delayBased: DelayBasedEstimator
    private var lossBased = LossBasedEstimator()
    private var receiverEstimate: Int?
    private var lastFeedback: Instant?
    private var lastSend: Instant?
    private var lastTimeoutCut: Instant?
    public private(set) var roundTripTime: Duration = .milliseconds(100)
    /// Packets the feedback reported lost, and all it reported on, over the estimator's life.
    public private(set) var packetsReportedLost = 0
    public private(set) var packetsReported = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        delayBased = DelayBasedEstimator(startBitrate: configuration.startBitrate,
                                         minimumBitrate: configuration.minimumBitrate,
                                         maximumBitrate: configuration.maximumBitrate)
    }

    /// What the sender should send now, all media together, in bits per second.
    public var targetBitrate: Int {
        var target = delayBased.bitrate
        if let cap = lossBased.cap { target = min(target, cap) }
        if let receiverEstimate { target = min(target, receiverEstimate) }
        return min(max(target, configuration.minimumBitrate), configuration.maximumBitrate)
    }

    /// The receiver's delivered rate lately, from the feedback.
    public var acknowledgedBitrate: Int? { acknowledged.bitsPerSecond }
    public var delayBasedBitrate: Int { delayBased.bitrate }
    public var lossBasedCap: Int? { lossBased.cap }
    public var usage: BandwidthUsage { delayBased.usage }

    /// Numbers a packet leaving now; returns the transport-wide sequence number it carries.
    public mutating func packetSent(size: Int, now: Instant, isRetransmission: Bool = false) -> UInt16 {
        lastSend = now
        return adapter.packetSent(size: size, now: now, isRetransmission: isRetransmission)
    }

    /// Reads one transport-wide feedback; returns true when the target moved.
    @discardableResult
    public mutating func handle(_ feedback: TransportFeedback, now: Instant) -> Bool {
        let before = targetBitrate
        lastFeedback = now
        lastTimeoutCut = nil
        let (results, newlyLost) = adapter.results(from: feedback)
        guard !results.isEmpty else { return false }
        let received = results.filter(\.isReceived)
        packetsReportedLost += newlyLost
        packetsReported += results.count
        acknowledged.add(received.sorted { $0.arrival! < $1.arrival! })
        delayBased.update(results, acknowledged: acknowledged.bitsPerSecond, rtt: roundTripTime, now: now)
        if lossBased.update(lost: newlyLost, received: received.count, currentBitrate: delayBased.bitrate,
                            rtt: roundTripTime, now: now), let cap = lossBased.cap {
            delayBased.limit(to: cap, now: now)
        }
        return targetBitrate != before
    }

    /// A receiver's REMB: a ceiling, replaced by the next one.
    @discardableResult
    public mutating func handleReceiverEstimate(bitsPerSecond: Int, now: Instant) -> Bool {
        let before = targetBitrate
        receiverEstimate = max(bitsPerSecond, configuration.minimumBitrate)
        return targetBitrate != before
    }

    /// The loss a receiver report gives (fraction lost, RFC 3550 6.4.1), for a peer without
    /// transport-wide feedback; ignored while that feedback arrives, which already counts loss.
    @discardableResult
    public mutating func handleReportedLoss(fractionLost: Double, packets: Int, now: Instant) -> Bool {
        guard lastFeedback == nil, packets > 0 else { return false }
        let before = targetBitrate
        let lost = Int((fractionLost * Double(packets)).rounded())
        if lossBased.update(lost: lost, received: packets - lost, currentBitrate: delayBased.bitrate,
                            rtt: roundTripTime, now: now), let cap = lossBased.cap {
            delayBased.limit(to: cap, now: now)
        }
        return targetBitrate != before
    }

    public mutating func updateRoundTripTime(_ rtt: Duration) {
        roundTripTime = min(max(rtt, .milliseconds(1)), .seconds(5))
    }

    /// When the feedback timeout next needs a look; nil while feedback flows or nothing is sent.
    public func nextTimeout() -> Instant? {
        guard let lastFeedback, let lastSend, lastSend > lastFeedback else { return nil }
        return max(lastFeedback, lastTimeoutCut ?? lastFeedback) + Self.feedbackTimeout
    }

    /// Halves the estimate when feedback stopped while packets still go out; true when it moved.
    @discardableResult
    public mutating func handleTimeout(now: Instant) -> Bool {
        guard let due = nextTimeout(), now >= due else { return false }
        let before = targetBitrate
        lastTimeoutCut = now
        delayBased.limit(to: targetBitrate / 2, now: now)
        return targetBitrate != before
    }
}
