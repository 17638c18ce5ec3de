import RTCBase
import RTCMedia
import RTCSDP

/// One remote SSRC we receive: statistics, loss recovery and (for video) frame reassembly.
final class InboundStream {
    let ssrc: UInt32
    let mid: String
    let kind: MediaKind
    var statistics: ReceiveStatistics
    var nack: NackGenerator?
    var assembler: VP8FrameAssembler?
    var lastKeyframeRequest: Instant?
    var awaitingKeyframe = true

    init(ssrc: UInt32, mid: String, kind: MediaKind, clockRate: UInt32, nackEnabled: Bool) {
        self.ssrc = ssrc
        self.mid = mid
        self.kind = kind
        statistics = ReceiveStatistics(ssrc: ssrc, clockRate: clockRate)
        if kind == .video {
            assembler = VP8FrameAssembler()
            if nackEnabled { nack = NackGenerator() }
        }
    }

    /// Keyframe requests are rate-limited so a burst of loss does not flood the sender.
    func shouldRequestKeyframe(now: Instant, minimumInterval: Duration = .milliseconds(300)) -> Bool {
        if let last = lastKeyframeRequest, now - last < minimumInterval { return false }
        lastKeyframeRequest = now
        return true
    }
}
