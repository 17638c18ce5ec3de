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
    /// The payload type and clock rate we send with, from the answer.
    var sendPayloadType: UInt8?
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

    var canSend: Bool { !isStopped && negotiatedDirection.sends && sender != nil && sendPayloadType != nil }

    func localTransceiver() -> LocalTransceiver {
        LocalTransceiver(
            mid: mid, kind: kind, direction: localDirection,
            sendingTrack: sender.map {
                LocalTransceiver.SendingTrack(streamID: $0.streamID, trackID: $0.trackID, ssrc: $0.ssrc, cname: $0.cname)
            },
            isStopped: isStopped)
    }
}
