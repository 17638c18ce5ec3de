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
    /// The reassembler for the codec this SSRC sends now; replaced when its payload type changes codec.
    var assembler: (any VideoFrameAssembling)?
    var codec: VideoCodec?
    /// Video packets whose payload type names no codec we decode (dropped).
    var packetsOfUnknownPayloadType = 0
    var lastKeyframeRequest: Instant?
    var awaitingKeyframe = true

    init(ssrc: UInt32, mid: String, kind: MediaKind, clockRate: UInt32, nackEnabled: Bool) {
        self.ssrc = ssrc
        self.mid = mid
        self.kind = kind
        statistics = ReceiveStatistics(ssrc: ssrc, clockRate: clockRate)
        if kind == .video, nackEnabled { nack = NackGenerator() }
    }

    /// Makes sure frames are rebuilt for `codec`; a switch drops what the old reassembler held
    /// and waits for a keyframe of the new codec.
    func use(_ codec: VideoCodec) {
        guard codec != self.codec else { return }
        self.codec = codec
        assembler = codec.makeAssembler()
        awaitingKeyframe = true
    }

    /// Keyframe requests are rate-limited so a burst of loss does not flood the sender.
    func shouldRequestKeyframe(now: Instant, minimumInterval: Duration = .milliseconds(300)) -> Bool {
        if let last = lastKeyframeRequest, now - last < minimumInterval { return false }
        lastKeyframeRequest = now
        return true
    }
}
