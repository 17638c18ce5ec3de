/// A complete encoded video frame rebuilt from its RTP packets.
public struct AssembledFrame: Equatable, Sendable {
    public var data: [UInt8]
    /// RTP timestamp shared by the frame's packets.
    public var timestamp: UInt32
    /// P bit of the VP8 frame tag is 0 (RFC 7741 4.3).
    public var isKeyframe: Bool
    public var pictureID: UInt16?
    public var firstSequence: UInt16
    public var lastSequence: UInt16
    /// Picture size from a key frame's header; nil for inter frames.
    public var keyframeHeader: VP8KeyframeHeader?
    /// Frames between the previous one handed out and this one were lost: unless this is a key
    /// frame, its references may be missing and a PLI is in order.
    public var followsGap: Bool

    public init(data: [UInt8], timestamp: UInt32, isKeyframe: Bool, pictureID: UInt16?, firstSequence: UInt16,
                lastSequence: UInt16, keyframeHeader: VP8KeyframeHeader?, followsGap: Bool = false) {
        self.data = data
        self.timestamp = timestamp
        self.isKeyframe = isKeyframe
        self.pictureID = pictureID
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.keyframeHeader = keyframeHeader
        self.followsGap = followsGap
    }

    public var width: Int? { keyframeHeader.map { Int($0.width) } }
    public var height: Int? { keyframeHeader.map { Int($0.height) } }
}
