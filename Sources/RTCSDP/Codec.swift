/// One RTP payload format of an m-line: its `a=rtpmap`, `a=fmtp` and `a=rtcp-fb` lines together.
public struct Codec: Hashable, Sendable {
    public var payloadType: UInt8
    /// Encoding name as written ("opus", "VP8"); compare with `matches(_:)`, which ignores case.
    public var name: String
    public var clockRate: UInt32
    /// The encoding parameters of the rtpmap: the channel count for audio; nil when absent.
    public var channels: UInt16?
    public var parameters: [FormatParameter]
    /// rtcp-fb values for this payload type ("nack", "nack pli", "ccm fir", "transport-cc").
    public var feedback: [String]

    public init(payloadType: UInt8, name: String, clockRate: UInt32, channels: UInt16? = nil,
                parameters: [FormatParameter] = [], feedback: [String] = []) {
        self.payloadType = payloadType
        self.name = name
        self.clockRate = clockRate
        self.channels = channels
        self.parameters = parameters
        self.feedback = feedback
    }

    /// Same encoding: name (case-insensitive), clock rate and channel count, where an absent
    /// count means one channel (RFC 8866 §6.6).
    public func matches(_ other: Codec) -> Bool {
        name.lowercased() == other.name.lowercased() && clockRate == other.clockRate
            && (channels ?? 1) == (other.channels ?? 1)
    }

    /// "opus/48000/2"
    public var rtpmapValue: String {
        var text = "\(payloadType) \(name)/\(clockRate)"
        if let channels { text += "/\(channels)" }
        return text
    }

    /// Parses the value of an rtpmap line: "PT name/rate[/channels]". The payload type has been
    /// checked by the caller.
    init?(payloadType: UInt8, rtpmapEncoding text: Substring) {
        let parts = SDPText.pieces(text, separatedBy: UInt8(ascii: "/"))
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty,
              !SDPText.contains(parts[0], SDPText.space),
              let rate = SDPText.number(parts[1], as: UInt32.self)
        else { return nil }
        var channels: UInt16?
        if parts.count == 3 {
            guard let count = SDPText.number(parts[2], as: UInt16.self) else { return nil }
            channels = count
        }
        self.init(payloadType: payloadType, name: String(parts[0]), clockRate: rate, channels: channels)
    }

    /// The static payload types of RFC 3551 §6 that browsers still offer without an rtpmap.
    static func staticPayloadType(_ payloadType: UInt8) -> Codec? {
        switch payloadType {
        case 0: return Codec(payloadType: 0, name: "PCMU", clockRate: 8000)
        case 3: return Codec(payloadType: 3, name: "GSM", clockRate: 8000)
        case 4: return Codec(payloadType: 4, name: "G723", clockRate: 8000)
        case 8: return Codec(payloadType: 8, name: "PCMA", clockRate: 8000)
        case 9: return Codec(payloadType: 9, name: "G722", clockRate: 8000)
        case 13: return Codec(payloadType: 13, name: "CN", clockRate: 8000)
        case 18: return Codec(payloadType: 18, name: "G729", clockRate: 8000)
        case 26: return Codec(payloadType: 26, name: "JPEG", clockRate: 90000)
        case 31: return Codec(payloadType: 31, name: "H261", clockRate: 90000)
        case 34: return Codec(payloadType: 34, name: "H263", clockRate: 90000)
        default: return nil
        }
    }
}
