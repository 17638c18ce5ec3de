#if canImport(RTCMedia)
import RTCMedia
#endif

/// What this endpoint can do, per media kind: codecs and RTP header extensions.
public struct LocalCodecCapabilities: Hashable, Sendable {
    public var audioCodecs: [CodecCapability]
    public var videoCodecs: [CodecCapability]
    /// Extensions with the ids we offer. A URI keeps one id across kinds: BUNDLE (RFC 8843) puts
    /// every m-line on one RTP session, where an id can mean only one extension.
    public var audioHeaderExtensions: [HeaderExtension]
    public var videoHeaderExtensions: [HeaderExtension]

    public init(audioCodecs: [CodecCapability], videoCodecs: [CodecCapability],
                audioHeaderExtensions: [HeaderExtension], videoHeaderExtensions: [HeaderExtension]) {
        self.audioCodecs = audioCodecs
        self.videoCodecs = videoCodecs
        self.audioHeaderExtensions = audioHeaderExtensions
        self.videoHeaderExtensions = videoHeaderExtensions
    }

    public func codecs(for kind: MediaKind) -> [CodecCapability] {
        switch kind {
        case .audio: return audioCodecs
        case .video: return videoCodecs
        default: return []
        }
    }

    public func headerExtensions(for kind: MediaKind) -> [HeaderExtension] {
        switch kind {
        case .audio: return audioHeaderExtensions
        case .video: return videoHeaderExtensions
        default: return []
        }
    }

    /// These capabilities with video limited to the named codecs (encoding names, any case), in
    /// that order: an endpoint that offers, accepts and decodes only those.
    public func limitingVideo(to names: [String]) -> LocalCodecCapabilities {
        var limited = self
        limited.videoCodecs = Self.limit(videoCodecs, to: names)
        return limited
    }

    /// These capabilities without RTX: an endpoint that retransmits on the media stream itself.
    public func removingRTX() -> LocalCodecCapabilities {
        var result = self
        result.videoCodecs.removeAll { $0.codec.isRTX }
        result.audioCodecs.removeAll { $0.codec.isRTX }
        return result
    }

    /// The named codecs of `list` in the names' order, each followed by the RTX format that
    /// repairs it, when the list has one.
    static func limit(_ list: [CodecCapability], to names: [String]) -> [CodecCapability] {
        names.flatMap { name in
            list.filter { $0.codec.name.lowercased() == name.lowercased() && !$0.codec.isRTX }.flatMap { primary in
                [primary] + list.filter { $0.codec.isRTX && $0.codec.associatedPayloadType == primary.codec.payloadType }
            }
        }
    }

    /// Opus, VP8 and H.264 with the feedback the RTP module implements, and the extensions it reads.
    /// The extension ids are Chrome's, which makes our offers easy to compare with its own.
    public static let webRTCDefault = LocalCodecCapabilities(
        audioCodecs: [
            CodecCapability(
                codec: Codec(payloadType: 111, name: "opus", clockRate: 48000, channels: 2,
                             parameters: [FormatParameter("minptime", "10"), FormatParameter("useinbandfec", "1")],
                             feedback: ["transport-cc"]),
                // RFC 7587 §7: parameters an Opus receiver declares; we honour these three.
                supportedParameterNames: ["minptime", "useinbandfec", "stereo"]),
        ],
        videoCodecs: [
            CodecCapability(
                codec: Codec(payloadType: 96, name: "VP8", clockRate: 90000,
                             feedback: ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"])),
            // Retransmissions on a stream of their own (RFC 4588), one RTX format per codec.
            CodecCapability(codec: .rtx(payloadType: 97, repairing: 96), supportedParameterNames: ["apt"]),
            // Constrained Baseline, packetization-mode 1: the H.264 every browser sends (RFC 6184).
            CodecCapability(
                codec: Codec(payloadType: 102, name: "H264", clockRate: 90000,
                             parameters: H264FormatParameters.local.parameters.map { FormatParameter($0.name, $0.value) },
                             feedback: ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"]),
                supportedParameterNames: ["profile-level-id", "packetization-mode", "level-asymmetry-allowed"]),
            CodecCapability(codec: .rtx(payloadType: 103, repairing: 102), supportedParameterNames: ["apt"]),
        ],
        audioHeaderExtensions: [
            HeaderExtension(id: 1, uri: HeaderExtension.audioLevelURI),
            HeaderExtension(id: 2, uri: HeaderExtension.absSendTimeURI),
            HeaderExtension(id: 3, uri: HeaderExtension.transportWideCCURI),
            HeaderExtension(id: 4, uri: HeaderExtension.midURI),
        ],
        videoHeaderExtensions: [
            HeaderExtension(id: 2, uri: HeaderExtension.absSendTimeURI),
            HeaderExtension(id: 3, uri: HeaderExtension.transportWideCCURI),
            HeaderExtension(id: 4, uri: HeaderExtension.midURI),
        ])
}
