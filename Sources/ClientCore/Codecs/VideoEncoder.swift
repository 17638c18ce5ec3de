import MediaIO
import RTCMedia

/// The encoder of whichever video codec the call negotiated: VP8 (libvpx) or H.264 (openh264).
enum VideoEncoder {
    case vp8(VP8Encoder)
    case h264(H264Encoder)

    init(codec: VideoCodec, width: Int, height: Int, bitrateKbps: Int, frameRate: Int) throws(CodecError) {
        switch codec {
        case .vp8:
            self = .vp8(try VP8Encoder(width: width, height: height, bitrateKbps: bitrateKbps, frameRate: frameRate))
        case .h264:
            self = .h264(try H264Encoder(width: width, height: height, bitrateKbps: bitrateKbps, frameRate: frameRate))
        }
    }

    var codec: VideoCodec {
        switch self {
        case .vp8: .vp8
        case .h264: .h264
        }
    }

    func setBitrate(kbps: Int) throws(CodecError) {
        switch self {
        case let .vp8(encoder): try encoder.setBitrate(kbps: kbps)
        case let .h264(encoder): try encoder.setBitrate(kbps: kbps)
        }
    }

    func requestKeyframe() {
        switch self {
        case let .vp8(encoder): encoder.requestKeyframe()
        case let .h264(encoder): encoder.requestKeyframe()
        }
    }

    /// One picture in; usually one frame out (VP8 bytes, or an H.264 access unit in Annex B form).
    func encode(_ picture: I420Frame, timestamp90k: Int64) throws(CodecError) -> [EncodedVideoFrame] {
        switch self {
        case let .vp8(encoder): try encoder.encode(picture, timestamp90k: timestamp90k)
        case let .h264(encoder): try encoder.encode(picture, timestamp90k: timestamp90k)
        }
    }
}
