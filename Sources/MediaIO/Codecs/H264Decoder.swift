import CCodecShims
import COpenH264

/// A libopenh264 decoder that refuses to show garbage: error concealment is off, and after any
/// failure, and until an IDR access unit, it reports `.needsKeyframe` instead of decoding inter
/// frames against a damaged reference.
///
/// Takes whole access units in Annex B form (what `H264FrameAssembler` hands out). Not
/// thread-safe: one owner (the video receive path) calls it.
public final class H264Decoder {
    /// Pictures with more pixels than this are refused. libopenh264 itself refuses, before
    /// allocating, an SPS of more than 36864 macroblocks (4096x2304, level 5.2's frame size), so a
    /// hostile stream cannot make it allocate more than that.
    public let maxPixels: Int
    /// True until the first keyframe and after every failure or reported loss.
    public private(set) var isWaitingForKeyframe = true

    private let decoder: UnsafeMutableRawPointer
    private let bufferInfo: UnsafeMutablePointer<SBufferInfo>

    public init(maxPixels: Int = 3840 * 2160) throws(CodecError) {
        self.maxPixels = maxPixels
        var handle: UnsafeMutableRawPointer?
        guard kaamos_h264_decoder_create(&handle) == 0, let handle else {
            throw .openh264(operation: "create the decoder", code: -1)
        }
        var quiet = Int32(WELS_LOG_QUIET)
        _ = kaamos_h264_decoder_set_option(handle, Int32(DECODER_OPTION_TRACE_LEVEL.rawValue), &quiet)
        var params = SDecodingParam()
        params.uiTargetDqLayer = UInt8.max
        // A damaged picture is an error, never a concealed guess: the caller asks for a keyframe.
        params.eEcActiveIdc = ERROR_CON_DISABLE
        params.sVideoProperty.size = UInt32(MemoryLayout<SVideoProperty>.size)
        params.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC
        let status = kaamos_h264_decoder_initialize(handle, &params)
        guard status == 0 else {
            kaamos_h264_decoder_destroy(handle)
            throw .openh264(operation: "start the decoder", code: Int32(truncatingIfNeeded: status))
        }
        decoder = handle
        bufferInfo = .allocate(capacity: 1)
        bufferInfo.initialize(to: SBufferInfo())
    }

    deinit {
        kaamos_h264_decoder_destroy(decoder)
        bufferInfo.deinitialize(count: 1)
        bufferInfo.deallocate()
    }

    /// Tells the decoder a frame was lost before the next one (a gap the RTP layer saw):
    /// inter frames are refused until the next keyframe.
    public func referenceLost() { isWaitingForKeyframe = true }

    /// Decodes one access unit.
    public func decode(_ data: [UInt8]) -> H264DecodeResult {
        guard let header = H264FrameHeader(data), !header.hasForbiddenBit, data.count <= Int(Int32.max) else {
            return fail(.malformed)
        }
        if isWaitingForKeyframe, !header.containsIDR { return .needsKeyframe(.waitingForKeyframe) }

        bufferInfo.pointee = SBufferInfo()
        var planes: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?) = (nil, nil, nil)
        let state = data.withUnsafeBufferPointer { bytes in
            withUnsafeMutablePointer(to: &planes) { tuple in
                tuple.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 3) { pointers in
                    kaamos_h264_decoder_decode(decoder, bytes.baseAddress, Int32(bytes.count), pointers, bufferInfo)
                }
            }
        }
        guard state == 0 else { return fail(.corrupt(Self.describe(state))) }
        let info = bufferInfo.pointee
        guard info.iBufferStatus == 1 else { return .nothingToShow }
        let layout = info.UsrData.sSystemBuffer
        let width = Int(layout.iWidth), height = Int(layout.iHeight)
        guard layout.iFormat == Int32(videoFormatI420.rawValue), width > 0, height > 0,
              let y = info.pDst.0, let u = info.pDst.1, let v = info.pDst.2
        else { return fail(.corrupt("unexpected picture format")) }
        guard width * height <= maxPixels else { return fail(.pictureTooLarge(width: width, height: height)) }
        var frame = I420Frame(width: width, height: height)
        Self.copy(from: y, stride: Int(layout.iStride.0), width: width, height: height, into: &frame.y)
        Self.copy(from: u, stride: Int(layout.iStride.1), width: frame.chromaWidth, height: frame.chromaHeight, into: &frame.u)
        Self.copy(from: v, stride: Int(layout.iStride.1), width: frame.chromaWidth, height: frame.chromaHeight, into: &frame.v)
        isWaitingForKeyframe = false
        return .frame(frame)
    }

    private func fail(_ failure: H264DecodeFailure) -> H264DecodeResult {
        isWaitingForKeyframe = true
        return .needsKeyframe(failure)
    }

    /// The DECODING_STATE flags as words.
    static func describe(_ state: Int32) -> String {
        let names: [(Int32, String)] = [
            (0x01, "frame pending"), (0x02, "reference lost"), (0x04, "bitstream error"), (0x08, "dependent layer lost"),
            (0x10, "no parameter sets"), (0x20, "data error concealed"), (0x40, "reference list has null pointers"),
            (0x1000, "invalid argument"), (0x2000, "not initialised"), (0x4000, "out of memory"),
            (0x8000, "picture larger than the output buffer"),
        ]
        let flags = names.filter { state & $0.0 != 0 }.map(\.1)
        return (flags.isEmpty ? "decoding state \(state)" : flags.joined(separator: ", ")) + " (libopenh264 state 0x\(String(state, radix: 16)))"
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
