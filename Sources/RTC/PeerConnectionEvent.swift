import RTCBase
import RTCICE
import RTCMedia
import RTCSDP

/// The overall state, as W3C's RTCPeerConnectionState: ICE and DTLS together.
public enum PeerConnectionState: String, Sendable, Hashable {
    case new, connecting, connected, disconnected, failed, closed
}

/// A track the remote side sends, named by its m-line and msid (the SFU puts the participant id in
/// the stream id).
public struct RemoteTrack: Sendable, Hashable {
    public var mid: String
    public var kind: MediaKind
    public var streamID: String?
    public var trackID: String?
}

/// One Opus packet as it arrived, for a jitter buffer.
public struct ReceivedAudioPacket: Sendable {
    public var mid: String
    public var ssrc: UInt32
    public var payload: [UInt8]
    public var rtpTimestamp: UInt32
    public var sequenceNumber: UInt16
    public var arrival: Instant
}

/// One complete VP8 frame, reassembled from its packets.
public struct ReceivedVideoFrame: Sendable {
    public var mid: String
    public var ssrc: UInt32
    /// Which decoder takes `data`: a VP8 frame, or an H.264 access unit in Annex B form.
    public var codec: VideoCodec
    public var data: [UInt8]
    public var isKeyframe: Bool
    /// Frames before this one were lost for good: a decoder should treat its reference as lost.
    public var followsGap: Bool
    public var rtpTimestamp: UInt32
    public var width: Int?
    public var height: Int?
    public var arrival: Instant
}

/// One RTP packet as it arrived (decrypted), for forwarding; see `MediaDelivery.rtpPackets`.
public struct ReceivedRTPPacket: Sendable {
    public var mid: String
    public var kind: MediaKind
    public var packet: RTPPacket
    /// The codec its payload type stands for in this session; nil for one not negotiated.
    public var codec: Codec?
    public var arrival: Instant
}

/// What a peer connection tells the application.
public enum PeerConnectionEvent: Sendable {
    case localCandidate(IceCandidateInit)
    case gatheringComplete
    case iceConnectionStateChanged(IceConnectionState)
    case connectionStateChanged(PeerConnectionState)
    case remoteTrackAdded(RemoteTrack)
    case remoteTrackRemoved(mid: String)
    case audioPacket(ReceivedAudioPacket)
    case videoFrame(ReceivedVideoFrame)
    case rtpPacket(ReceivedRTPPacket)
    /// The remote side asked for a keyframe (PLI or FIR) on our track in this m-line.
    case keyframeRequested(mid: String)
    /// The remote side's receive bandwidth estimate (REMB).
    case bitrateEstimate(bitsPerSecond: UInt64)
    /// What all our media together should now send, from the congestion controller: encoders
    /// follow it.
    case targetBitrateChanged(bitsPerSecond: Int)
    /// Something went wrong that the user should read, in one sentence.
    case failure(String)
}
