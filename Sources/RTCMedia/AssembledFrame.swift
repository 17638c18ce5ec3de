/// A complete encoded video frame rebuilt from its RTP packets.
public struct AssembledFrame: Equatable, Sendable {
    public var data: [UInt8]
    /// RTP timestamp shared by the frame's packets.
    public var timestamp: UInt32
    /// Decodable without earlier frames: the P bit of the VP8 frame tag is 0 (RFC 7741 4.3), or
    /// the H.264 access unit holds an IDR slice.
    public var isKeyframe: Bool
    public var pictureID: UInt16?
    public var firstSequence: UInt16
    public var lastSequence: UInt16
    /// Picture size from a VP8 key frame's header; nil for inter frames and for H.264.
    public var keyframeHeader: VP8KeyframeHeader?
    /// H.264 only: which NAL units the access unit holds (IDR, SPS, PPS) and its SPS.
    public var h264: H264AccessUnitInfo?
    /// Frames between the previous one handed out and this one were lost: unless this is a key
    /// frame, its references may be missing and a PLI is in order.
    public var followsGap: Bool

    public init(data: [UInt8], timestamp: UInt32, isKeyframe: Bool, pictureID: UInt16?, firstSequence: UInt16,
                lastSequence: UInt16, keyframeHeader: VP8KeyframeHeader?, followsGap: Bool = false,
                h264: H264AccessUnitInfo? = nil) {
        self.data = data
        self.timestamp = timestamp
        self.isKeyframe = isKeyframe
        self.pictureID = pictureID
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.keyframeHeader = keyframeHeader
        self.followsGap = followsGap
        self.h264 = h264
    }

    /// From the VP8 key frame header, or from the SPS an H.264 access unit carries.
    public var width: Int? { keyframeHeader.map { Int($0.width) } ?? h264?.sequenceParameterSet?.width }
    public var height: Int? { keyframeHeader.map { Int($0.height) } ?? h264?.sequenceParameterSet?.height }
}
