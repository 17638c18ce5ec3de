import MediaIO
import RTCMedia

/// The decoder of one remote track's codec: VP8 (libvpx) or H.264 (openh264).
enum VideoDecoder {
    case vp8(VP8Decoder)
    case h264(H264Decoder)

    /// What one compressed frame gave, whatever the codec.
    enum Outcome {
        case picture(I420Frame)
        /// Undecodable until a keyframe (send a PLI); the text says why.
        case needsKeyframe(String)
        case nothingToShow
    }

    init(codec: VideoCodec) throws(CodecError) {
        switch codec {
        case .vp8: self = .vp8(try VP8Decoder())
        case .h264: self = .h264(try H264Decoder())
        }
    }

    var codec: VideoCodec {
        switch self {
        case .vp8: .vp8
        case .h264: .h264
        }
    }

    func referenceLost() {
        switch self {
        case let .vp8(decoder): decoder.referenceLost()
        case let .h264(decoder): decoder.referenceLost()
        }
    }

    func decode(_ data: [UInt8]) -> Outcome {
        switch self {
        case let .vp8(decoder):
            switch decoder.decode(data) {
            case let .frame(picture): .picture(picture)
            case let .needsKeyframe(failure): .needsKeyframe(failure.description)
            case .nothingToShow: .nothingToShow
            }
        case let .h264(decoder):
            switch decoder.decode(data) {
            case let .frame(picture): .picture(picture)
            case let .needsKeyframe(failure): .needsKeyframe(failure.description)
            case .nothingToShow: .nothingToShow
            }
        }
    }
}
