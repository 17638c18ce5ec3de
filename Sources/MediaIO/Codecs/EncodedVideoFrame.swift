/// One compressed video frame as an encoder produced it, ready for the RTP packetizer.
public struct EncodedVideoFrame: Sendable, Equatable {
    public var bytes: [UInt8]
    public var isKeyframe: Bool
    /// Presentation time on the 90 kHz RTP video clock.
    public var timestamp90k: Int64

    public init(bytes: [UInt8], isKeyframe: Bool, timestamp90k: Int64) {
        self.bytes = bytes
        self.isKeyframe = isKeyframe
        self.timestamp90k = timestamp90k
    }
}
