import COpus
import CCodecShims

/// A 48 kHz libopus encoder for voice (OPUS_APPLICATION_VOIP), one fixed frame duration.
///
/// Not thread-safe: one owner (the audio send path) calls it.
public final class OpusEncoder {
    public static let sampleRate = 48_000
    /// Frame durations in milliseconds this wrapper accepts; libopus also has 2.5 and 5 ms, which
    /// cannot carry in-band FEC, so calls do not use them.
    public static let supportedFrameMilliseconds = [10, 20, 40, 60]

    public let channels: Int
    public let frameMilliseconds: Int
    /// Samples per channel in one frame (960 for 20 ms).
    public var samplesPerChannel: Int { Self.sampleRate / 1000 * frameMilliseconds }
    /// Interleaved samples `encode` expects.
    public var samplesPerFrame: Int { samplesPerChannel * channels }

    private let handle: OpaquePointer
    private var output = [UInt8](repeating: 0, count: 4000)

    public init(channels: Int = 1, frameMilliseconds: Int = 20, bitrate: Int = 32_000,
                inbandFEC: Bool = false, expectedPacketLossPercent: Int = 0, dtx: Bool = false) throws(CodecError) {
        guard channels == 1 || channels == 2 else { throw .invalidSetting("Opus channels must be 1 or 2, not \(channels)") }
        guard Self.supportedFrameMilliseconds.contains(frameMilliseconds) else {
            throw .invalidSetting("Opus frame duration must be 10, 20, 40 or 60 ms, not \(frameMilliseconds)")
        }
        var error: Int32 = 0
        guard let handle = opus_encoder_create(Int32(Self.sampleRate), Int32(channels), OPUS_APPLICATION_VOIP, &error),
              error == OPUS_OK
        else { throw .opus(operation: "create an encoder", code: error) }
        self.handle = handle
        self.channels = channels
        self.frameMilliseconds = frameMilliseconds
        try setBitrate(bitrate)
        try setInbandFEC(inbandFEC)
        try setExpectedPacketLoss(percent: expectedPacketLossPercent)
        try setDTX(dtx)
    }

    deinit { opus_encoder_destroy(handle) }

    private var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(handle) }

    /// Target bitrate in bits per second (libopus accepts 500 to 512 000).
    public func setBitrate(_ bitsPerSecond: Int) throws(CodecError) {
        try check(kaamos_opus_encoder_set_bitrate(raw, Int32(clamping: bitsPerSecond)), "set the bitrate to \(bitsPerSecond)")
    }

    public var bitrate: Int {
        var value: Int32 = 0
        _ = kaamos_opus_encoder_get_bitrate(raw, &value)
        return Int(value)
    }

    /// In-band FEC makes each packet carry a low-rate copy of the previous one (only in SILK/hybrid modes,
    /// and only when the expected loss is above zero).
    public func setInbandFEC(_ enabled: Bool) throws(CodecError) {
        try check(kaamos_opus_encoder_set_inband_fec(raw, enabled ? 1 : 0), "switch in-band FEC")
    }

    public func setExpectedPacketLoss(percent: Int) throws(CodecError) {
        try check(kaamos_opus_encoder_set_packet_loss_percent(raw, Int32(clamping: percent)), "set expected loss to \(percent)%")
    }

    /// Discontinuous transmission: during silence libopus emits tiny packets (1-2 bytes) instead of full frames.
    public func setDTX(_ enabled: Bool) throws(CodecError) {
        try check(kaamos_opus_encoder_set_dtx(raw, enabled ? 1 : 0), "switch DTX")
    }

    /// Encoder complexity 0...10 (libopus default 10 for VOIP).
    public func setComplexity(_ complexity: Int) throws(CodecError) {
        try check(kaamos_opus_encoder_set_complexity(raw, Int32(clamping: complexity)), "set complexity to \(complexity)")
    }

    /// Samples per channel by which decoded audio lags the input (the encoder's lookahead).
    public var lookahead: Int {
        var value: Int32 = 0
        _ = kaamos_opus_encoder_get_lookahead(raw, &value)
        return Int(value)
    }

    /// Encodes exactly one frame of interleaved samples into one Opus packet.
    public func encode(_ pcm: [Int16]) throws(CodecError) -> [UInt8] {
        guard pcm.count == samplesPerFrame else {
            throw .wrongInputSize(what: "Opus input frame", expected: samplesPerFrame, actual: pcm.count)
        }
        let frameSize = Int32(samplesPerChannel)
        let capacity = Int32(output.count)
        let length = pcm.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                opus_encode(handle, input.baseAddress!, frameSize, out.baseAddress!, capacity)
            }
        }
        guard length >= 0 else { throw .opus(operation: "encode a frame", code: length) }
        return Array(output[0..<Int(length)])
    }

    private func check(_ status: Int32, _ operation: String) throws(CodecError) {
        guard status == OPUS_OK else { throw .opus(operation: operation, code: status) }
    }
}
