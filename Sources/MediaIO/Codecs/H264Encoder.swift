import CCodecShims
import COpenH264

/// A libopenh264 encoder set up for real-time calls: Constrained Baseline (no B-frames, CAVLC,
/// one reference frame), bitrate rate control, no lookahead, one thread. Output is one access
/// unit per picture in Annex B form, SPS and PPS in front of every IDR, ready for
/// `H264Packetizer` (packetization-mode 1).
///
/// Not thread-safe: one owner (the video send path) calls it.
public final class H264Encoder {
    /// How a picture is cut into slices (NAL units).
    public enum SliceMode: Equatable, Sendable {
        /// One slice per picture: the best compression; pictures larger than an RTP packet go out
        /// as FU-As.
        case single
        /// Slices of at most `maxBytes` each, so that each fits one RTP packet and FU-A is never
        /// needed; a lost packet then loses one slice rather than the picture, at some cost in
        /// compression and speed.
        case sizeLimited(maxBytes: Int)
    }

    /// Slices of at most 1100 bytes: every NAL unit fits an RTP packet (1172 bytes of payload,
    /// less room for header extensions), so our own streams never need FU-A, each packet is a
    /// decodable unit, and the same output suits packetization-mode 0. Measured with libopenh264
    /// 2.3.1 at 640x360, on the test pattern with camera-like noise, 300 frames (release build):
    /// against one slice per picture, about 4 slices per inter frame at 800 kbps, bitrate within
    /// 1%, luma PSNR within 0.02 dB (36.90 against 36.91 dB at 800 kbps, 36.44 against 36.45 at
    /// 300), encode time within the run-to-run noise of this machine (1.0-2.1 ms median either way).
    /// Keep `maxBytes` at or below the packetizer's `maxPayloadSize`.
    public static let defaultSliceMode = SliceMode.sizeLimited(maxBytes: 1100)

    /// openh264's MEDIUM_COMPLEXITY. Against LOW (0), same run: +0.05-0.15 dB on the noisy pattern
    /// and +1 dB on the clean one at 300 kbps, for 10-50% more encode time (1.0 against 1.5 ms
    /// median at 800 kbps); HIGH (2) gave nothing more.
    public static let defaultComplexity = 1

    public let width: Int
    public let height: Int
    public let sliceMode: SliceMode
    public private(set) var bitrateKbps: Int

    private let encoder: UnsafeMutableRawPointer
    private let output: UnsafeMutablePointer<SFrameBSInfo>
    private var forceKeyframe = false

    /// - Parameters:
    ///   - width, height: even, 16...4096 (4:2:0 crops in pairs of pixels).
    ///   - frameRate: nominal rate, 1...60, used by rate control.
    ///   - keyframeInterval: frames between automatic keyframes (PLI/FIR ask for more via `requestKeyframe`).
    ///   - complexity: 0 fastest ... 2 best (openh264's ECOMPLEXITY_MODE).
    ///   - skipsFrames: lets rate control drop pictures to hold the bitrate; off, every picture is coded.
    public init(width: Int, height: Int, bitrateKbps: Int, frameRate: Int = 30, keyframeInterval: Int = 3000,
                sliceMode: SliceMode = H264Encoder.defaultSliceMode, complexity: Int = H264Encoder.defaultComplexity, threads: Int = 1,
                skipsFrames: Bool = false) throws(CodecError) {
        guard (16...4096).contains(width), (16...4096).contains(height), width % 2 == 0, height % 2 == 0 else {
            throw .invalidSetting("H.264 frame size \(width)x\(height) must be even and within 16...4096")
        }
        guard bitrateKbps > 0, bitrateKbps <= 100_000, (1...60).contains(frameRate), keyframeInterval > 0,
              (0...2).contains(complexity), (1...8).contains(threads)
        else {
            throw .invalidSetting("H.264 bitrate (1...100000 kbps), frame rate (1...60), keyframe interval, complexity (0...2) or threads (1...8) out of range")
        }
        if case let .sizeLimited(maxBytes) = sliceMode, maxBytes < 200 {
            throw .invalidSetting("H.264 slices of at most \(maxBytes) bytes are too small to code a macroblock row")
        }
        self.width = width
        self.height = height
        self.sliceMode = sliceMode
        self.bitrateKbps = bitrateKbps

        var handle: UnsafeMutableRawPointer?
        guard kaamos_h264_encoder_create(&handle) == 0, let handle else {
            throw .openh264(operation: "create the encoder", code: -1)
        }
        // openh264 logs to stderr by default, which would tear through a curses screen.
        var quiet = Int32(WELS_LOG_QUIET)
        _ = kaamos_h264_encoder_set_option(handle, Int32(ENCODER_OPTION_TRACE_LEVEL.rawValue), &quiet)

        var params = SEncParamExt()
        _ = kaamos_h264_encoder_get_default_params(handle, &params)
        params.iUsageType = CAMERA_VIDEO_REAL_TIME
        params.iPicWidth = Int32(width)
        params.iPicHeight = Int32(height)
        params.iTargetBitrate = Int32(bitrateKbps * 1000)
        params.iMaxBitrate = Int32(UNSPECIFIED_BIT_RATE)
        params.iRCMode = RC_BITRATE_MODE
        params.fMaxFrameRate = Float(frameRate)
        params.iTemporalLayerNum = 1
        params.iSpatialLayerNum = 1
        params.iComplexityMode = ECOMPLEXITY_MODE(rawValue: UInt32(complexity))
        params.uiIntraPeriod = UInt32(keyframeInterval)
        params.iNumRefFrame = 1
        // The same SPS and PPS ids at every IDR: a receiver's stored parameter sets stay valid.
        params.eSpsPpsIdStrategy = CONSTANT_ID
        // Plain AVC: no SVC prefix NAL units or SEI.
        params.bPrefixNalAddingCtrl = false
        params.bEnableSSEI = false
        params.bSimulcastAVC = false
        params.iPaddingFlag = 0
        params.iEntropyCodingModeFlag = 0  // CAVLC: Baseline has no CABAC
        params.bEnableFrameSkip = skipsFrames
        params.bEnableLongTermReference = false
        params.iMultipleThreadIdc = UInt16(threads)
        params.bUseLoadBalancing = false
        params.iLoopFilterDisableIdc = 0
        params.bEnableDenoise = false
        params.bEnableBackgroundDetection = true
        params.bEnableAdaptiveQuant = true
        params.bEnableFrameCroppingFlag = true
        // Keyframes only at the interval or on request, never at a guessed scene cut.
        params.bEnableSceneChangeDetect = false
        params.sSpatialLayers.0.iVideoWidth = Int32(width)
        params.sSpatialLayers.0.iVideoHeight = Int32(height)
        params.sSpatialLayers.0.fFrameRate = Float(frameRate)
        params.sSpatialLayers.0.iSpatialBitrate = Int32(bitrateKbps * 1000)
        params.sSpatialLayers.0.iMaxSpatialBitrate = Int32(UNSPECIFIED_BIT_RATE)
        params.sSpatialLayers.0.uiProfileIdc = PRO_BASELINE
        params.sSpatialLayers.0.uiLevelIdc = LEVEL_UNKNOWN  // openh264 picks the lowest level that fits
        switch sliceMode {
        case .single:
            params.sSpatialLayers.0.sSliceArgument.uiSliceMode = SM_SINGLE_SLICE
        case let .sizeLimited(maxBytes):
            params.sSpatialLayers.0.sSliceArgument.uiSliceMode = SM_SIZELIMITED_SLICE
            params.sSpatialLayers.0.sSliceArgument.uiSliceSizeConstraint = UInt32(maxBytes)
            params.uiMaxNalSize = UInt32(maxBytes)
        }
        let status = kaamos_h264_encoder_initialize(handle, &params)
        guard status == 0 else {
            kaamos_h264_encoder_destroy(handle)
            throw .openh264(operation: "start the encoder at \(width)x\(height), \(bitrateKbps) kbps", code: status)
        }
        var format = Int32(videoFormatI420.rawValue)
        _ = kaamos_h264_encoder_set_option(handle, Int32(ENCODER_OPTION_DATAFORMAT.rawValue), &format)
        encoder = handle
        output = .allocate(capacity: 1)
        output.initialize(to: SFrameBSInfo())
    }

    deinit {
        kaamos_h264_encoder_destroy(encoder)
        output.deinitialize(count: 1)
        output.deallocate()
    }

    /// Changes the target bitrate from the next frame on (bandwidth estimation calls this).
    public func setBitrate(kbps: Int) throws(CodecError) {
        guard kbps > 0, kbps <= 100_000 else { throw .invalidSetting("H.264 bitrate must be 1...100000 kbps, not \(kbps)") }
        var info = SBitrateInfo(iLayer: SPATIAL_LAYER_ALL, iBitrate: Int32(kbps * 1000))
        let status = kaamos_h264_encoder_set_option(encoder, Int32(ENCODER_OPTION_BITRATE.rawValue), &info)
        guard status == 0 else { throw .openh264(operation: "change the bitrate to \(kbps) kbps", code: status) }
        bitrateKbps = kbps
    }

    /// Makes the next encoded frame a keyframe: an IDR with SPS and PPS (answering a PLI or FIR).
    public func requestKeyframe() { forceKeyframe = true }

    /// Encodes one picture of the configured size. Usually returns one access unit; returns none
    /// when rate control skips the picture (only with `skipsFrames`).
    public func encode(_ frame: I420Frame, timestamp90k: Int64) throws(CodecError) -> [EncodedVideoFrame] {
        guard frame.width == width, frame.height == height, frame.hasConsistentPlanes else {
            throw .wrongInputSize(what: "\(frame.width)x\(frame.height) picture", expected: width * height,
                                  actual: frame.width * frame.height)
        }
        if forceKeyframe {
            let status = kaamos_h264_encoder_force_idr(encoder)
            guard status == 0 else { throw .openh264(operation: "force a keyframe", code: status) }
            forceKeyframe = false
        }
        let status = frame.y.withUnsafeBufferPointer { y in
            frame.u.withUnsafeBufferPointer { u in
                frame.v.withUnsafeBufferPointer { v in
                    // openh264 reads the planes during the call only, so they are not copied.
                    var picture = SSourcePicture()
                    picture.iColorFormat = Int32(videoFormatI420.rawValue)
                    picture.iPicWidth = Int32(width)
                    picture.iPicHeight = Int32(height)
                    picture.iStride = (Int32(frame.strideY), Int32(frame.strideU), Int32(frame.strideV), 0)
                    picture.pData = (UnsafeMutablePointer(mutating: y.baseAddress), UnsafeMutablePointer(mutating: u.baseAddress),
                                     UnsafeMutablePointer(mutating: v.baseAddress), nil)
                    picture.uiTimeStamp = timestamp90k / 90  // milliseconds
                    return kaamos_h264_encoder_encode(encoder, &picture, output)
                }
            }
        }
        guard status == 0 else { throw .openh264(operation: "encode a frame", code: status) }
        let info = output.pointee
        guard info.eFrameType != videoFrameTypeSkip, info.eFrameType != videoFrameTypeInvalid, info.iFrameSizeInBytes > 0 else {
            return []
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.iFrameSizeInBytes))
        withUnsafePointer(to: &output.pointee.sLayerInfo) { tuple in
            tuple.withMemoryRebound(to: SLayerBSInfo.self, capacity: Int(MAX_LAYER_NUM_OF_FRAME)) { layers in
                for index in 0..<min(Int(info.iLayerNum), Int(MAX_LAYER_NUM_OF_FRAME)) {
                    let layer = layers[index]
                    guard let buffer = layer.pBsBuf, let lengths = layer.pNalLengthInByte else { continue }
                    var size = 0
                    for nal in 0..<Int(layer.iNalCount) { size += Int(lengths[nal]) }
                    // Each NAL unit already starts with a 4-byte start code: the layer is Annex B.
                    bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                }
            }
        }
        return [EncodedVideoFrame(bytes: bytes, isKeyframe: info.eFrameType == videoFrameTypeIDR, timestamp90k: timestamp90k)]
    }
}
