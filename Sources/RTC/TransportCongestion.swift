import RTCBase
import RTCCongestion
import RTCMedia

/// A connection's congestion control, both ways: as a sender, the transport-wide sequence numbers,
/// the estimate from the receiver's feedback and the pacer; as a receiver, the arrival record the
/// feedback is built from.
final class TransportCongestion {
    /// A packet waiting in the pacer: serialized, with a placeholder where the transport-wide
    /// sequence number goes when it leaves.
    struct PacedPacket {
        var bytes: [UInt8]
        var isRetransmission: Bool
    }

    /// Pacing rate over the estimate: room for a keyframe's burst without waiting a second on it.
    static let pacingFactor = 2.5
    /// Feedback goes back this often while packets arrive (libwebrtc's default at the rates a call uses).
    static let feedbackInterval: Duration = .milliseconds(50)
    /// What SRTP adds to each RTP packet (the HMAC-SHA1-80 tag); the estimate counts it.
    static let srtpOverhead = 10
    /// A change smaller than this is not worth telling the encoder about.
    static let announceThreshold = 0.03

    /// The negotiated extension ID of the transport-wide sequence number; nil: not negotiated, so
    /// packets carry none and the peer sends no transport-wide feedback.
    var extensionID: UInt8?
    var estimator: SendSideBandwidthEstimator
    var pacer: Pacer<PacedPacket>
    var recorder = TransportFeedbackRecorder()
    var nextFeedback: Instant?
    /// The SSRC of the last remote packet that carried a transport-wide number: the media source
    /// the feedback names.
    var lastRemoteSSRC: UInt32 = 0
    private(set) var announcedTarget: Int?
    var feedbackSent = 0
    var feedbackReceived = 0

    init(configuration: SendSideBandwidthEstimator.Configuration) {
        estimator = SendSideBandwidthEstimator(configuration: configuration)
        pacer = Pacer(pacingRate: Int(Double(configuration.startBitrate) * Self.pacingFactor))
    }

    /// Follows the estimate with the pacing rate; returns the target when it moved enough to tell
    /// the application.
    func targetToAnnounce() -> Int? {
        let target = estimator.targetBitrate
        pacer.pacingRate = Int(Double(target) * Self.pacingFactor)
        if let announcedTarget,
           abs(Double(target - announcedTarget)) < Double(announcedTarget) * Self.announceThreshold {
            return nil
        }
        announcedTarget = target
        return target
    }
}
