// The fuzz build (scripts/fuzz.sh) compiles RTCMedia into the same module.
#if canImport(RTCMedia)
import RTCMedia
#endif

/// A codec we can send and receive, with what we offer of it and what we accept in answers.
public struct CodecCapability: Hashable, Sendable {
    /// The codec as we offer it: preferred payload type, fmtp parameters and feedback.
    public var codec: Codec
    /// fmtp parameter names we understand; an offerer's values for these are kept in answers.
    public var supportedParameterNames: [String]

    public init(codec: Codec, supportedParameterNames: [String] = []) {
        self.codec = codec
        self.supportedParameterNames = supportedParameterNames
    }

    /// The feedback types we implement (compared as whole strings, "nack pli" is not "nack").
    public var feedback: [String] { codec.feedback }

    public func supportsParameter(_ name: String) -> Bool {
        let wanted = name.lowercased()
        return supportedParameterNames.contains { $0.lowercased() == wanted }
    }
}

extension CodecCapability {
    /// Whether a remote payload type is this codec in a form we can send and receive: the same
    /// encoding, and for H.264 a compatible profile and the same packetization mode (RFC 6184
    /// 8.2.2: H.264 payload types that differ there are different formats, not one codec).
    public func accepts(_ remote: Codec) -> Bool {
        guard codec.matches(remote) else { return false }
        guard codec.isH264 else { return true }
        guard let ours = codec.h264Parameters, let theirs = remote.h264Parameters else { return false }
        return ours.isCompatible(with: theirs)
    }

    /// The fmtp parameters to answer an accepted offered codec with: for H.264 our profile at the
    /// level RFC 6184 8.2.2 settles; otherwise the offered parameters we understand.
    func answerParameters(for offered: Codec) -> [FormatParameter] {
        if codec.isH264, let ours = codec.h264Parameters, let theirs = offered.h264Parameters,
           let answer = ours.answer(to: theirs) {
            return answer.parameters.map { FormatParameter($0.name, $0.value) }
        }
        return offered.parameters.filter { supportsParameter($0.name) }
    }
}

extension Codec {
    public var isH264: Bool { name.lowercased() == "h264" }

    /// A retransmission format (RFC 4588): packets of the codec `associatedPayloadType` names,
    /// resent on a stream of their own.
    public var isRTX: Bool { name.lowercased() == "rtx" }

    /// RFC 4588 8.6 `apt`: the payload type an RTX format repairs.
    public var associatedPayloadType: UInt8? {
        parameters.value(of: "apt").flatMap { UInt8(String($0.filter { $0 != " " && $0 != "\t" })) }
    }

    /// The RTX format for a media payload type.
    public static func rtx(payloadType: UInt8, repairing associated: UInt8, clockRate: UInt32 = 90000) -> Codec {
        Codec(payloadType: payloadType, name: "rtx", clockRate: clockRate, parameters: [FormatParameter("apt", String(associated))])
    }

    /// The H.264 fmtp parameters; nil for other codecs and for malformed ones.
    public var h264Parameters: H264FormatParameters? {
        guard isH264 else { return nil }
        return try? H264FormatParameters(value: { parameters.value(of: $0) })
    }
}
