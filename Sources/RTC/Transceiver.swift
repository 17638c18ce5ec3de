import RTCSDP

/// One m-line of the session: what we send in it (if anything) and what the remote side sends.
final class Transceiver {
    let mid: String
    let kind: MediaKind
    var sender: OutboundTrack?
    /// Whether we want to receive in this m-line; we send when there is a sender.
    var wantsToReceive = true
    /// The direction both sides agreed on, from our point of view; inactive until negotiated.
    var negotiatedDirection: Direction = .inactive
    /// The codec we send with: the first of the answer's that we can send.
    var sendCodec: Codec?
    /// The answer's codecs that we handle, with the payload types of this session.
    var negotiatedCodecs: [Codec] = []
    /// What `setCodecPreferences` limited this m-line to, most wanted first.
    var codecPreferences: [String]?
    var clockRate: UInt32 = 90_000
    var nackEnabled = false
    var remoteTrack: RemoteTrack?
    var isStopped = false

    init(mid: String, kind: MediaKind) {
        self.mid = mid
        self.kind = kind
    }

    var localDirection: Direction {
        isStopped ? .inactive : Direction(sends: sender != nil, receives: wantsToReceive)
    }

    var sendPayloadType: UInt8? { sendCodec?.payloadType }

    /// This session's payload type for a codec received elsewhere (an SFU forwarding it); nil when
    /// the m-line did not negotiate that codec.
    func payloadType(for codec: Codec) -> UInt8? {
        negotiatedCodecs.first { $0.name.lowercased() == codec.name.lowercased() && $0.clockRate == codec.clockRate }?.payloadType
    }

    /// The negotiated RTX payload type that repairs `payloadType`; nil without RTX for it.
    func rtxPayloadType(repairing payloadType: UInt8) -> UInt8? {
        negotiatedCodecs.first { $0.isRTX && $0.associatedPayloadType == payloadType }?.payloadType
    }

    var canSend: Bool { !isStopped && negotiatedDirection.sends && sender != nil && sendPayloadType != nil }

    func localTransceiver() -> LocalTransceiver {
        LocalTransceiver(
            mid: mid, kind: kind, direction: localDirection,
            sendingTrack: sender.map {
                LocalTransceiver.SendingTrack(streamID: $0.streamID, trackID: $0.trackID, ssrc: $0.ssrc, cname: $0.cname,
                                              rtxSSRC: $0.rtxSSRC)
            },
            isStopped: isStopped, codecPreferences: codecPreferences)
    }
}
