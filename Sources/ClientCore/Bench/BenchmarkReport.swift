import MediaIO
import RTCSecurity

/// `kaamos-tui bench --json`: the medians of this machine's media and crypto path, with the field
/// names of ../shared/CLI.md.
public struct BenchmarkReport: Codable, Sendable {
    public struct PerPacket: Codable, Sendable {
        public var aes_cm_160: Double
        public var aes_cm_1200: Double
        public var gcm_160: Double
        public var gcm_1200: Double
    }

    public var srtp_protect_ns: PerPacket
    public var srtp_unprotect_ns: PerPacket
    public var dtls_handshake_ms: Double
    public var connect_ms: Double?
    public var vp8_encode_ms: Double
    public var vp8_decode_ms: Double
    public var opus_encode_us: Double
    public var opus_decode_us: Double
    public var render_ms: Double
    public var render_bytes: Double

    /// Runs every benchmark; `quick` takes fewer samples (for tests), the figures stay medians.
    public static func measure(quick: Bool = false, progress: (String) -> Void = { _ in }) -> BenchmarkReport {
        let iterations = quick ? 2_000 : 50_000
        func perPacket(_ measure: (SRTPProfile, Int) -> Double) -> PerPacket {
            PerPacket(aes_cm_160: measure(.aes128CmHmacSha1_80, 160), aes_cm_1200: measure(.aes128CmHmacSha1_80, 1200),
                      gcm_160: measure(.aeadAes128Gcm, 160), gcm_1200: measure(.aeadAes128Gcm, 1200))
        }
        progress("srtp")
        let protect = perPacket { SecurityBenchmark.srtpProtectNanoseconds(profile: $0, payloadSize: $1, iterations: iterations) }
        let unprotect = perPacket { SecurityBenchmark.srtpUnprotectNanoseconds(profile: $0, payloadSize: $1, iterations: iterations) }
        progress("dtls")
        let dtls = SecurityBenchmark.dtlsHandshakeMilliseconds(runs: quick ? 5 : 50)
        progress("connect")
        let connect = ConnectBenchmark.connectMilliseconds(runs: quick ? 3 : 21)
        progress("codecs")
        let frames = quick ? 20 : 300
        let vp8Encode = CodecBenchmark.vp8EncodeMilliseconds(frames: frames)
        let vp8Decode = CodecBenchmark.vp8DecodeMilliseconds(frames: frames)
        let opusEncode = CodecBenchmark.opusEncodeMicroseconds(frames: frames * 2)
        let opusDecode = CodecBenchmark.opusDecodeMicroseconds(frames: frames * 2)
        progress("render")
        let render = RenderBenchmark.renderMilliseconds(frames: quick ? 10 : 200)
        let renderBytes = RenderBenchmark.renderBytesPerFrame(frames: quick ? 10 : 200)
        return BenchmarkReport(
            srtp_protect_ns: protect, srtp_unprotect_ns: unprotect, dtls_handshake_ms: dtls, connect_ms: connect,
            vp8_encode_ms: vp8Encode, vp8_decode_ms: vp8Decode, opus_encode_us: opusEncode, opus_decode_us: opusDecode,
            render_ms: render, render_bytes: renderBytes)
    }
}
