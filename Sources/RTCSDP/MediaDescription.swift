#if canImport(RTCBase)
import RTCBase
#endif

/// One m-line and everything under it (RFC 8866 §5.14), with the attributes WebRTC uses typed
/// and every other attribute kept in order in `attributes`.
public struct MediaDescription: Hashable, Sendable {
    public var kind: MediaKind
    /// 0 marks a rejected or stopped section (RFC 3264 §6, RFC 8829 §5.2.2).
    public var port: UInt16
    /// The "/2" of "m=video 9/2 ..."; nil when absent.
    public var portCount: UInt16?
    public var proto: String
    /// Payload type numbers for RTP protocols, tokens such as "webrtc-datachannel" otherwise.
    public var formats: [String]
    /// Lines other than c=, b= and a= (i=, k=), in order.
    public var otherLines: [SDPLine]
    public var connections: [ConnectionData]
    public var bandwidths: [Bandwidth]

    public var mid: String?
    public var direction: Direction?
    public var iceUfrag: String?
    public var icePwd: String?
    public var iceOptions: [String]
    /// RFC 8122 §5 allows several fingerprints (one per hash function).
    public var fingerprints: [CertificateFingerprint]
    public var setup: SetupRole?
    public var rtcpMux: Bool
    public var rtcpReducedSize: Bool
    public var rtcp: RTCPAttribute?
    /// In the order of `formats`; static payload types without rtpmap get their RFC 3551 codec.
    public var codecs: [Codec]
    /// Feedback written as `a=rtcp-fb:* ...`, which applies to every codec (RFC 4585 §4.2).
    public var feedbackForAllCodecs: [String]
    public var headerExtensions: [HeaderExtension]
    public var msids: [MSID]
    public var ssrcAttributes: [SSRCAttribute]
    public var ssrcGroups: [SSRCGroup]
    /// Whole attribute texts starting "candidate:"; the ICE module parses them.
    public var candidates: [String]
    public var endOfCandidates: Bool
    public var extmapAllowMixed: Bool
    public var attributes: [Attribute]

    public init(kind: MediaKind, port: UInt16 = 9, proto: String = "UDP/TLS/RTP/SAVPF", formats: [String] = []) {
        self.kind = kind
        self.port = port
        self.portCount = nil
        self.proto = proto
        self.formats = formats
        self.otherLines = []
        self.connections = []
        self.bandwidths = []
        self.mid = nil
        self.direction = nil
        self.iceUfrag = nil
        self.icePwd = nil
        self.iceOptions = []
        self.fingerprints = []
        self.setup = nil
        self.rtcpMux = false
        self.rtcpReducedSize = false
        self.rtcp = nil
        self.codecs = []
        self.feedbackForAllCodecs = []
        self.headerExtensions = []
        self.msids = []
        self.ssrcAttributes = []
        self.ssrcGroups = []
        self.candidates = []
        self.endOfCandidates = false
        self.extmapAllowMixed = false
        self.attributes = []
    }

    /// Port 0 without `a=bundle-only`: a bundle-only m-line has port 0 too, yet it is offered for
    /// the BUNDLE group's transport, not stopped (RFC 8843 §6, RFC 8829 §5.2.1 max-bundle).
    public var isRejected: Bool { port == 0 && !isBundleOnly }

    /// `a=bundle-only` (RFC 8843 §6).
    public var isBundleOnly: Bool { attributes.contains { $0.name == "bundle-only" } }

    /// Whether formats are RTP payload types: the proto has an "RTP" component (RFC 8866 §5.14).
    public var isRTP: Bool { Self.isRTP(proto: proto) }

    static func isRTP(proto: String) -> Bool {
        SDPText.pieces(Substring(proto), separatedBy: UInt8(ascii: "/")).contains { $0 == "RTP" }
    }

    /// The numeric formats; all of them when `isRTP`, because the parser checks.
    public var payloadTypes: [UInt8] { formats.compactMap { SDPText.number(Substring($0), as: UInt8.self) } }

    public var fingerprint: CertificateFingerprint? { fingerprints.first }
    public var msid: MSID? { msids.first }

    public func codec(payloadType: UInt8) -> Codec? { codecs.first { $0.payloadType == payloadType } }

    /// A codec's own feedback followed by the wildcard feedback.
    public func effectiveFeedback(for codec: Codec) -> [String] {
        codec.feedback + feedbackForAllCodecs.filter { !codec.feedback.contains($0) }
    }

    public func headerExtension(uri: String) -> HeaderExtension? { headerExtensions.first { $0.uri == uri } }

    /// Values of the generic attributes with this name.
    public func attributeValues(_ name: String) -> [String?] { attributes.filter { $0.name == name }.map(\.value) }

    /// The lines of this section, CRLF-terminated, in a fixed order close to what browsers write.
    func write(into text: inout String) {
        func line(_ value: String) { text += value; text += "\r\n" }
        let portText = portCount.map { "\(port)/\($0)" } ?? "\(port)"
        line((["m=\(kind.token) \(portText) \(proto)"] + formats).joined(separator: " "))
        for other in otherLines where other.type == "i" { line(other.description) }
        for connection in connections { line("c=\(connection.sdpValue)") }
        for bandwidth in bandwidths { line("b=\(bandwidth.sdpValue)") }
        for other in otherLines where other.type != "i" { line(other.description) }
        if let rtcp { line("a=rtcp:\(rtcp.sdpValue)") }
        for candidate in candidates { line("a=\(candidate)") }
        if endOfCandidates { line("a=end-of-candidates") }
        if let iceUfrag { line("a=ice-ufrag:\(iceUfrag)") }
        if let icePwd { line("a=ice-pwd:\(icePwd)") }
        if !iceOptions.isEmpty { line("a=ice-options:\(iceOptions.joined(separator: " "))") }
        for fingerprint in fingerprints { line("a=fingerprint:\(fingerprint.sdpValue)") }
        if let setup { line("a=setup:\(setup.rawValue)") }
        if let mid { line("a=mid:\(mid)") }
        for ext in headerExtensions { line("a=extmap:\(ext.sdpValue)") }
        if extmapAllowMixed { line("a=extmap-allow-mixed") }
        if let direction { line("a=\(direction.rawValue)") }
        for msid in msids { line("a=msid:\(msid.sdpValue)") }
        if rtcpMux { line("a=rtcp-mux") }
        if rtcpReducedSize { line("a=rtcp-rsize") }
        for codec in codecs {
            line("a=rtpmap:\(codec.rtpmapValue)")
            for feedback in codec.feedback { line("a=rtcp-fb:\(codec.payloadType) \(feedback)") }
            if !codec.parameters.isEmpty { line("a=fmtp:\(codec.payloadType) \(codec.parameters.sdpValue)") }
        }
        for feedback in feedbackForAllCodecs { line("a=rtcp-fb:* \(feedback)") }
        for group in ssrcGroups { line("a=ssrc-group:\(group.sdpValue)") }
        for ssrc in ssrcAttributes { line("a=ssrc:\(ssrc.sdpValue)") }
        for attribute in attributes { line("a=\(attribute.description)") }
    }
}
