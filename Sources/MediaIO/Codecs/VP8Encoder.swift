import CCodecShims
import CVPX

/// A libvpx VP8 encoder set up for real-time calls: constant bitrate, no lookahead, error resilient.
///
/// Not thread-safe: one owner (the video send path) calls it.
public final class VP8Encoder {
    /// Fixed speed (negative cpu-used disables libvpx's wall-clock speed guessing, so output is
    /// reproducible). Measured at 640x360, 300 kbps, release build, median encode time and luma PSNR,
    /// on the test pattern with camera-like noise: -4 6.4 ms 35.7 dB, -6 1.4 ms 35.3 dB, -8 1.2 ms
    /// 35.2 dB, -12 1.0 ms 34.6 dB, -16 0.9 ms and 50% over the target rate. -6 buys most of the speed
    /// for little quality, and is what browsers use on desktops. Rerun with CodecsVP8SpeedSweepTests.
    public static let defaultSpeed = -6

    public let width: Int
    public let height: Int
    public private(set) var bitrateKbps: Int

    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>
    private var config: vpx_codec_enc_cfg_t
    private let image: UnsafeMutablePointer<vpx_image_t>
    private var forceKeyframe = false
    private var frameDuration90k: UInt

    /// - Parameters:
    ///   - frameRate: nominal rate, used for rate control and each frame's duration.
    ///   - keyframeInterval: frames between automatic keyframes (PLI/FIR ask for more via `requestKeyframe`).
    ///   - speed: libvpx cpu-used, -16...16.
    ///   - dropFrameThreshold: buffer level (percent) below which libvpx may skip frames; 0 never skips.
    public init(width: Int, height: Int, bitrateKbps: Int, frameRate: Int = 30, keyframeInterval: Int = 3000,
                speed: Int = VP8Encoder.defaultSpeed, threads: Int = 1, dropFrameThreshold: Int = 0) throws(CodecError) {
        guard width > 0, height > 0, width <= 16383, height <= 16383 else {
            throw .invalidSetting("VP8 frame size \(width)x\(height) is outside 1...16383")
        }
        guard bitrateKbps > 0, frameRate > 0, keyframeInterval > 0, (-16...16).contains(speed), (1...8).contains(threads) else {
            throw .invalidSetting("VP8 bitrate, frame rate, keyframe interval, speed (-16...16) or threads (1...8) out of range")
        }
        self.width = width
        self.height = height
        self.bitrateKbps = bitrateKbps
        frameDuration90k = UInt(90_000 / frameRate)

        var config = vpx_codec_enc_cfg_t()
        let status = vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0)
        guard status == VPX_CODEC_OK else {
            throw .vpx(operation: "read the default configuration", code: Int32(bitPattern: status.rawValue), detail: nil)
        }
        config.g_w = UInt32(width)
        config.g_h = UInt32(height)
        config.g_timebase = vpx_rational(num: 1, den: 90_000)
        config.g_threads = UInt32(threads)
        // Real-time: nothing may wait for future frames, and each frame must survive losing the last one.
        config.g_lag_in_frames = 0
        config.g_error_resilient = vpx_codec_er_flags_t(VPX_ERROR_RESILIENT_DEFAULT)
        config.g_pass = VPX_RC_ONE_PASS
        config.rc_end_usage = VPX_CBR
        config.rc_target_bitrate = UInt32(bitrateKbps)
        config.rc_min_quantizer = 2
        config.rc_max_quantizer = 56
        config.rc_undershoot_pct = 100
        config.rc_overshoot_pct = 15
        // Small buffers (in ms) keep frame sizes even, which is what a jitter buffer wants.
        config.rc_buf_initial_sz = 500
        config.rc_buf_optimal_sz = 600
        config.rc_buf_sz = 1000
        config.rc_dropframe_thresh = UInt32(dropFrameThreshold)
        config.rc_resize_allowed = 0
        config.kf_mode = VPX_KF_AUTO
        config.kf_min_dist = 0
        config.kf_max_dist = UInt32(keyframeInterval)
        self.config = config

        let context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        context.initialize(to: vpx_codec_ctx_t())
        let initStatus = withUnsafePointer(to: &config) { kaamos_vp8_encoder_init(context, $0) }
        guard initStatus == 0 else {
            let detail = vpx_codec_error_detail(context).map { String(cString: $0) }
            context.deallocate()
            throw .vpx(operation: "start the encoder", code: initStatus, detail: detail)
        }
        guard let image = vpx_img_alloc(nil, VPX_IMG_FMT_I420, UInt32(width), UInt32(height), 16) else {
            vpx_codec_destroy(context)
            context.deallocate()
            throw .invalidSetting("could not allocate a \(width)x\(height) VP8 input picture")
        }
        self.image = image
        self.context = context
        _ = kaamos_vp8_encoder_set_cpu_used(context, Int32(speed))
        // Same values as browsers use for calls: skip near-static blocks, cap keyframe size at 3x a frame's budget.
        _ = kaamos_vp8_encoder_set_static_threshold(context, 1)
        _ = kaamos_vp8_encoder_set_max_intra_bitrate_percent(context, 300)
        _ = kaamos_vp8_encoder_set_noise_sensitivity(context, 0)
    }

    deinit {
        vpx_img_free(image)
        vpx_codec_destroy(context)
        context.deallocate()
    }

    /// Changes the target bitrate from the next frame on (bandwidth estimation calls this).
    public func setBitrate(kbps: Int) throws(CodecError) {
        guard kbps > 0 else { throw .invalidSetting("VP8 bitrate must be positive, not \(kbps) kbps") }
        config.rc_target_bitrate = UInt32(kbps)
        let status = vpx_codec_enc_config_set(context, &config)
        guard status == VPX_CODEC_OK else { throw vpxError("change the bitrate to \(kbps) kbps", status) }
        bitrateKbps = kbps
    }

    /// Makes the next encoded frame a keyframe (answering a PLI or FIR).
    public func requestKeyframe() { forceKeyframe = true }

    /// Encodes one picture of the configured size. Usually returns one frame; returns none when rate
    /// control drops the picture (only with a non-zero drop threshold).
    public func encode(_ frame: I420Frame, timestamp90k: Int64) throws(CodecError) -> [EncodedVideoFrame] {
        guard frame.width == width, frame.height == height, frame.hasConsistentPlanes else {
            throw .wrongInputSize(what: "\(frame.width)x\(frame.height) picture", expected: width * height,
                                  actual: frame.width * frame.height)
        }
        copy(frame)
        let flags: vpx_enc_frame_flags_t = forceKeyframe ? vpx_enc_frame_flags_t(VPX_EFLAG_FORCE_KF) : 0
        let status = vpx_codec_encode(context, image, timestamp90k, frameDuration90k, flags, UInt(VPX_DL_REALTIME))
        guard status == VPX_CODEC_OK else { throw vpxError("encode a frame", status) }
        forceKeyframe = false

        var output: [EncodedVideoFrame] = []
        var iterator: vpx_codec_iter_t? = nil
        while let packet = vpx_codec_get_cx_data(context, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
            let data = packet.pointee.data.frame
            guard let buffer = data.buf, data.sz > 0 else { continue }
            let bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: data.sz))
            output.append(EncodedVideoFrame(bytes: bytes, isKeyframe: data.flags & vpx_codec_frame_flags_t(VPX_FRAME_IS_KEY) != 0,
                                            timestamp90k: data.pts))
        }
        return output
    }

    private func copy(_ frame: I420Frame) {
        let img = image.pointee
        let planes = [img.planes.0, img.planes.1, img.planes.2]
        let strides = [Int(img.stride.0), Int(img.stride.1), Int(img.stride.2)]
        copyPlane(frame.y, stride: frame.strideY, width: frame.width, height: frame.height, to: planes[0], stride: strides[0])
        copyPlane(frame.u, stride: frame.strideU, width: frame.chromaWidth, height: frame.chromaHeight, to: planes[1], stride: strides[1])
        copyPlane(frame.v, stride: frame.strideV, width: frame.chromaWidth, height: frame.chromaHeight, to: planes[2], stride: strides[2])
    }

    private func copyPlane(_ source: [UInt8], stride: Int, width: Int, height: Int,
                           to destination: UnsafeMutablePointer<UInt8>?, stride destinationStride: Int) {
        guard let destination else { return }
        source.withUnsafeBufferPointer { src in
            for row in 0..<height {
                (destination + row * destinationStride).update(from: src.baseAddress! + row * stride, count: width)
            }
        }
    }

    private func vpxError(_ operation: String, _ status: vpx_codec_err_t) -> CodecError {
        .vpx(operation: operation, code: Int32(bitPattern: status.rawValue),
             detail: vpx_codec_error_detail(context).map { String(cString: $0) })
    }
}
