#if canImport(RTCBase)
import RTCBase
#endif

/// A whole SDP offer or answer (RFC 8866), unified plan: one m-line per transceiver.
public struct SessionDescription: Hashable, Sendable {
    public var origin: Origin
    public var sessionName: String
    public var timing: [Timing]
    /// Lines WebRTC does not use (i=, u=, e=, p=, r=, z=, k=), in order.
    public var otherLines: [SDPLine]
    public var connections: [ConnectionData]
    public var bandwidths: [Bandwidth]

    public var groups: [Group]
    public var iceOptions: [String]
    public var iceLite: Bool
    public var iceUfrag: String?
    public var icePwd: String?
    /// Firefox writes the fingerprint here rather than in each m-line.
    public var fingerprints: [CertificateFingerprint]
    public var setup: SetupRole?
    public var extmapAllowMixed: Bool
    public var msidSemantic: MSIDSemantic?
    public var attributes: [Attribute]
    public var media: [MediaDescription]

    public init(origin: Origin, sessionName: String = "-") {
        self.origin = origin
        self.sessionName = sessionName
        self.timing = [Timing()]
        self.otherLines = []
        self.connections = []
        self.bandwidths = []
        self.groups = []
        self.iceOptions = []
        self.iceLite = false
        self.iceUfrag = nil
        self.icePwd = nil
        self.fingerprints = []
        self.setup = nil
        self.extmapAllowMixed = false
        self.msidSemantic = nil
        self.attributes = []
        self.media = []
    }

    /// Parses SDP text with CRLF or LF line ends.
    public init(parsing text: String) throws(SDPError) {
        self = try SDPParser.parse(text)
    }

    /// The mids of each `a=group:BUNDLE` line (RFC 8843 §7).
    public var bundleGroups: [[String]] { groups.filter(\.isBundle).map(\.mids) }

    public var fingerprint: CertificateFingerprint? { fingerprints.first }

    public func media(mid: String) -> MediaDescription? { media.first { $0.mid == mid } }

    /// Values of the session-level generic attributes with this name.
    public func attributeValues(_ name: String) -> [String?] { attributes.filter { $0.name == name }.map(\.value) }

    /// ICE credentials of an m-line, falling back to the session level (RFC 8839 §5.4).
    public func iceCredentials(for media: MediaDescription) -> IceCredentials? {
        if let ufrag = media.iceUfrag ?? iceUfrag, let pwd = media.icePwd ?? icePwd { return IceCredentials(ufrag: ufrag, pwd: pwd) }
        return nil
    }

    /// Fingerprints of an m-line, falling back to the session level (RFC 8122 §5).
    public func fingerprints(for media: MediaDescription) -> [CertificateFingerprint] {
        media.fingerprints.isEmpty ? fingerprints : media.fingerprints
    }

    public func fingerprint(for media: MediaDescription) -> CertificateFingerprint? { fingerprints(for: media).first }

    /// Setup role of an m-line, falling back to the session level.
    public func setup(for media: MediaDescription) -> SetupRole? { media.setup ?? setup }

    /// ICE options of an m-line, falling back to the session level.
    public func iceOptions(for media: MediaDescription) -> [String] {
        media.iceOptions.isEmpty ? iceOptions : media.iceOptions
    }

    /// Direction of an m-line, falling back to a session-level attribute, then sendrecv
    /// (RFC 8866 §6.7).
    public func direction(for media: MediaDescription) -> Direction {
        if let direction = media.direction { return direction }
        for attribute in attributes where attribute.value == nil {
            if let direction = Direction(rawValue: attribute.name) { return direction }
        }
        return .sendrecv
    }

    /// CRLF-terminated text: v, o, s, (i u e p), c, b, t, (r z k), session attributes, m-lines.
    public func serialized() -> String {
        var text = ""
        text.reserveCapacity(2048 + 2048 * media.count)
        func line(_ value: String) { text += value; text += "\r\n" }
        line("v=0")
        line("o=\(origin.sdpValue)")
        line("s=\(sessionName)")
        for other in otherLines where "iuep".contains(other.type) { line(other.description) }
        for connection in connections { line("c=\(connection.sdpValue)") }
        for bandwidth in bandwidths { line("b=\(bandwidth.sdpValue)") }
        for time in timing { line("t=\(time.sdpValue)") }
        for other in otherLines where !"iuep".contains(other.type) { line(other.description) }
        for group in groups { line("a=group:\(group.sdpValue)") }
        if extmapAllowMixed { line("a=extmap-allow-mixed") }
        if let msidSemantic { line("a=msid-semantic:\(msidSemantic.sdpValue)") }
        if iceLite { line("a=ice-lite") }
        if !iceOptions.isEmpty { line("a=ice-options:\(iceOptions.joined(separator: " "))") }
        if let iceUfrag { line("a=ice-ufrag:\(iceUfrag)") }
        if let icePwd { line("a=ice-pwd:\(icePwd)") }
        for fingerprint in fingerprints { line("a=fingerprint:\(fingerprint.sdpValue)") }
        if let setup { line("a=setup:\(setup.rawValue)") }
        for attribute in attributes { line("a=\(attribute.description)") }
        for section in media { section.write(into: &text) }
        return text
    }
}
