import COpus
import CCodecShims

/// A 48 kHz libopus decoder with packet loss concealment and in-band FEC recovery.
///
/// Not thread-safe: one owner (the audio receive path) calls it.
public final class OpusDecoder {
    public static let sampleRate = 48_000
    /// The longest Opus packet is 120 ms.
    static let maxSamplesPerChannel = 5760

    public let channels: Int
    private let handle: OpaquePointer
    private var output: [Int16]

    public init(channels: Int = 1) throws(CodecError) {
        guard channels == 1 || channels == 2 else { throw .invalidSetting("Opus channels must be 1 or 2, not \(channels)") }
        var error: Int32 = 0
        guard let handle = opus_decoder_create(Int32(Self.sampleRate), Int32(channels), &error), error == OPUS_OK else {
            throw .opus(operation: "create a decoder", code: error)
        }
        self.handle = handle
        self.channels = channels
        output = [Int16](repeating: 0, count: Self.maxSamplesPerChannel * channels)
    }

    deinit { opus_decoder_destroy(handle) }

    /// Decodes one packet into interleaved samples; throws on a malformed packet.
    public func decode(_ packet: [UInt8]) throws(CodecError) -> [Int16] {
        guard !packet.isEmpty else { throw .opus(operation: "decode an empty packet", code: OPUS_INVALID_PACKET) }
        let count = run(packet, samplesPerChannel: Self.maxSamplesPerChannel, fec: false)
        guard count >= 0 else { throw .opus(operation: "decode a packet", code: count) }
        return Array(output[0..<Int(count) * channels])
    }

    /// Conceals one lost frame of `frameSamples` samples per channel (960 for 20 ms); interleaved result.
    /// Never fails: if libopus refuses (a length not a multiple of 2.5 ms), the result is silence.
    public func decodeMissing(frameSamples: Int) -> [Int16] {
        let count = run(nil, samplesPerChannel: frameSamples, fec: false)
        return samples(count, expected: frameSamples)
    }

    /// Recovers the lost frame just before `nextPacket` from that packet's in-band FEC data, with
    /// `frameSamples` samples per channel (the lost frame's duration; by default the same as the last
    /// packet decoded, else 20 ms). When the packet carries no FEC, libopus conceals instead, so the
    /// result always has the requested length. Throws on a malformed packet.
    /// Decode `nextPacket` itself afterwards with `decode(_:)`.
    public func decodeFEC(nextPacket: [UInt8], frameSamples: Int? = nil) throws(CodecError) -> [Int16] {
        let last = lastPacketDuration
        let frameSamples = frameSamples ?? (last > 0 ? last : Self.sampleRate / 50)
        guard frameSamples > 0, frameSamples <= Self.maxSamplesPerChannel else {
            throw .invalidSetting("FEC frame length \(frameSamples) is outside 1...\(Self.maxSamplesPerChannel)")
        }
        let count = run(nextPacket.isEmpty ? nil : nextPacket, samplesPerChannel: frameSamples, fec: true)
        guard count >= 0 else { throw .opus(operation: "recover a frame from FEC", code: count) }
        return samples(count, expected: frameSamples)
    }

    /// Samples per channel in the last packet decoded or concealed.
    public var lastPacketDuration: Int {
        var value: Int32 = 0
        _ = kaamos_opus_decoder_get_last_packet_duration(UnsafeMutableRawPointer(handle), &value)
        return Int(value)
    }

    private func run(_ packet: [UInt8]?, samplesPerChannel: Int, fec: Bool) -> Int32 {
        let frameSize = Int32(clamping: min(max(samplesPerChannel, 0), Self.maxSamplesPerChannel))
        return output.withUnsafeMutableBufferPointer { out in
            if let packet {
                return packet.withUnsafeBufferPointer { data in
                    opus_decode(handle, data.baseAddress, Int32(clamping: data.count), out.baseAddress!, frameSize, fec ? 1 : 0)
                }
            }
            return opus_decode(handle, nil, 0, out.baseAddress!, frameSize, fec ? 1 : 0)
        }
    }

    private func samples(_ count: Int32, expected: Int) -> [Int16] {
        guard count >= 0 else { return [Int16](repeating: 0, count: max(expected, 0) * channels) }
        return Array(output[0..<Int(count) * channels])
    }
}
