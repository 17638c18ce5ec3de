/// The video codecs this project packetizes, reassembles, encodes and decodes.
public enum VideoCodec: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case vp8 = "VP8"
    case h264 = "H264"

    /// From an SDP encoding name, in any case ("vp8", "H264"); nil for codecs we do not handle.
    public init?(encodingName: String) {
        switch encodingName.lowercased() {
        case "vp8": self = .vp8
        case "h264": self = .h264
        default: return nil
        }
    }

    /// The name SDP writes it with.
    public var encodingName: String { rawValue }

    public var description: String { self == .h264 ? "H.264" : "VP8" }

    /// A reassembler for this codec's RTP payload format.
    public func makeAssembler() -> any VideoFrameAssembling {
        switch self {
        case .vp8: VP8FrameAssembler()
        case .h264: H264FrameAssembler()
        }
    }

    /// A packetizer for this codec's RTP payload format.
    public func makePacketizer() -> any VideoPacketizing {
        switch self {
        case .vp8: VP8Packetizer()
        case .h264: H264Packetizer()
        }
    }
}
