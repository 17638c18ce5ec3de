import RTCBase

/// Follows the congestion controller's target with the video encoder: the bitrate within a
/// second (at once when it falls a lot), and half the frame rate when the rate left for video is
/// too low for full motion at this size. Pure: the sender feeds the target and the clock.
struct VideoRateAdaptation {
    struct Decision: Equatable {
        /// A new encoder rate to apply now, or nil to keep the current one.
        var encoderKbps: Int?
        var sendsThisFrame: Bool
    }

    let ceilingKbps: Int
    let audioKbps: Int
    let framesPerSecond: Int
    /// Below this much video, frames are halved (about 5 kbit per frame at 30 fps).
    static let halfFrameRateBelowKbps = 150
    static let floorKbps = 30
    /// Small moves wait this long, so the encoder's rate control is not re-tuned every frame.
    static let settleTime: Duration = .milliseconds(500)

    private(set) var encoderKbps: Int?
    private var lastChange: Instant?

    init(ceilingKbps: Int, audioKbps: Int, framesPerSecond: Int) {
        self.ceilingKbps = ceilingKbps
        self.audioKbps = audioKbps
        self.framesPerSecond = framesPerSecond
    }

    /// The video share of a target for all media: what audio needs and RTP/SRTP/UDP/IP headers
    /// (about 5% at video packet sizes) come off first.
    func videoKbps(forTarget bitsPerSecond: Int) -> Int {
        let available = Double(bitsPerSecond) * 0.95 / 1000 - Double(audioKbps + 8)
        return min(max(Int(available), Self.floorKbps), ceilingKbps)
    }

    mutating func update(targetBitrate: Int, frameNumber: UInt32, now: Instant) -> Decision {
        let wanted = videoKbps(forTarget: targetBitrate)
        var change: Int?
        if let current = encoderKbps {
            let ratio = Double(wanted) / Double(current)
            let settled = lastChange.map { now - $0 >= Self.settleTime } ?? true
            if ratio < 0.85 || (settled && abs(ratio - 1) > 0.05) { change = wanted }
        } else {
            change = wanted
        }
        if let change {
            encoderKbps = change
            lastChange = now
        }
        let halved = (encoderKbps ?? wanted) < Self.halfFrameRateBelowKbps && framesPerSecond > 15
        return Decision(encoderKbps: change, sendsThisFrame: !halved || frameNumber % 2 == 0)
    }
}
