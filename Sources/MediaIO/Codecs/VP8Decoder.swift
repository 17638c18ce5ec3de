import CCodecShims
import CVPX

/// A libvpx VP8 decoder that refuses to show garbage: after any failure, and until a keyframe, it
/// reports `.needsKeyframe` instead of decoding inter frames against a damaged reference.
///
/// Not thread-safe: one owner (the video receive path) calls it.
public final class VP8Decoder {
    /// Keyframes declaring more pixels than this are refused before libvpx allocates for them.
    public let maxPixels: Int
    /// True until the first keyframe and after every failure or reported loss.
    public private(set) var isWaitingForKeyframe = true

    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>

    public init(maxPixels: Int = 3840 * 2160, threads: Int = 1) throws(CodecError) {
        self.maxPixels = maxPixels
        context = .allocate(capacity: 1)
        context.initialize(to: vpx_codec_ctx_t())
        let status = kaamos_vp8_decoder_init(context, UInt32(max(1, min(threads, 8))))
        guard status == 0 else {
            context.deallocate()
            throw .vpx(operation: "start the decoder", code: status, detail: nil)
        }
    }

    deinit {
        vpx_codec_destroy(context)
        context.deallocate()
    }

    /// Tells the decoder a frame was lost before the next one (a gap in RTP sequence or picture ID):
    /// libvpx cannot see that itself and would decode the next inter frame against a stale reference.
    public func referenceLost() { isWaitingForKeyframe = true }

    /// Decodes one whole VP8 frame (the RTP depacketizer's output).
    public func decode(_ data: [UInt8]) -> VP8DecodeResult {
        guard let header = VP8FrameHeader(data) else { return fail(.malformedHeader) }
        if header.isKeyframe {
            guard header.width > 0, header.height > 0 else { return fail(.malformedHeader) }
            guard header.width * header.height <= maxPixels else {
                return fail(.pictureTooLarge(width: header.width, height: header.height))
            }
        } else if isWaitingForKeyframe {
            return .needsKeyframe(.waitingForKeyframe)
        }

        let status = data.withUnsafeBufferPointer { vpx_codec_decode(context, $0.baseAddress, UInt32($0.count), nil, 0) }
        guard status == VPX_CODEC_OK else {
            let text = String(cString: vpx_codec_err_to_string(status))
            let detail = vpx_codec_error_detail(context).map { ": " + String(cString: $0) } ?? ""
            return fail(.corrupt(text + detail))
        }
        var corrupted: Int32 = 0
        if kaamos_vp8_decoder_get_frame_corrupted(context, &corrupted) == 0, corrupted != 0 {
            return fail(.corrupt("libvpx marked the picture as corrupted"))
        }
        var iterator: vpx_codec_iter_t? = nil
        guard let image = vpx_codec_get_frame(context, &iterator) else {
            isWaitingForKeyframe = false
            return .nothingToShow
        }
        // Drain any further pictures so the next call starts clean (VP8 yields at most one).
        while vpx_codec_get_frame(context, &iterator) != nil {}
        guard let frame = Self.frame(from: image.pointee) else { return fail(.corrupt("unexpected picture format")) }
        isWaitingForKeyframe = false
        return .frame(frame)
    }

    private func fail(_ failure: VP8DecodeFailure) -> VP8DecodeResult {
        isWaitingForKeyframe = true
        return .needsKeyframe(failure)
    }

    private static func frame(from image: vpx_image_t) -> I420Frame? {
        guard image.fmt == VPX_IMG_FMT_I420, image.d_w > 0, image.d_h > 0,
              let yPlane = image.planes.0, let uPlane = image.planes.1, let vPlane = image.planes.2
        else { return nil }
        let width = Int(image.d_w), height = Int(image.d_h)
        var frame = I420Frame(width: width, height: height)
        copy(from: yPlane, stride: Int(image.stride.0), width: width, height: height, into: &frame.y)
        copy(from: uPlane, stride: Int(image.stride.1), width: frame.chromaWidth, height: frame.chromaHeight, into: &frame.u)
        copy(from: vPlane, stride: Int(image.stride.2), width: frame.chromaWidth, height: frame.chromaHeight, into: &frame.v)
        return frame
    }

    private static func copy(from source: UnsafeMutablePointer<UInt8>, stride: Int, width: Int, height: Int,
                             into plane: inout [UInt8]) {
        plane.withUnsafeMutableBufferPointer { destination in
            for row in 0..<height {
                (destination.baseAddress! + row * width).update(from: source + row * stride, count: width)
            }
        }
    }
}
