/// An `a=extmap` line (RFC 8285 §8): an RTP header extension URI and the id it travels under.
public struct HeaderExtension: Hashable, Sendable {
    public var id: UInt16
    public var uri: String
    public var direction: Direction?
    /// Extension-specific attributes after the URI, kept as text.
    public var extensionAttributes: String?

    public init(id: UInt16, uri: String, direction: Direction? = nil, extensionAttributes: String? = nil) {
        self.id = id
        self.uri = uri
        self.direction = direction
        self.extensionAttributes = extensionAttributes
    }

    public static let midURI = "urn:ietf:params:rtp-hdrext:sdes:mid"
    public static let absSendTimeURI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
    public static let transportWideCCURI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    public static let audioLevelURI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

    /// RFC 8285 §5: ids 1-14 fit the one-byte form, up to 255 the two-byte form; §7 lets an
    /// offer use 4096-4351 to leave the choice to the answerer.
    static func isValid(id: UInt16) -> Bool { (1...255).contains(id) || (4096...4351).contains(id) }

    /// Parses "id[/direction] uri [attributes]".
    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard fields.count >= 2 else { return nil }
        var idText = fields[0]
        var direction: Direction?
        if let (number, directionText) = SDPText.split(fields[0], at: UInt8(ascii: "/")) {
            guard let parsed = Direction(rawValue: String(directionText)) else { return nil }
            idText = number
            direction = parsed
        }
        guard let id = SDPText.number(idText, as: UInt16.self), Self.isValid(id: id) else { return nil }
        let rest = fields.dropFirst(2)
        self.init(id: id, uri: String(fields[1]), direction: direction,
                  extensionAttributes: rest.isEmpty ? nil : rest.joined(separator: " "))
    }

    public var sdpValue: String {
        var text = direction.map { "\(id)/\($0.rawValue)" } ?? "\(id)"
        text += " \(uri)"
        if let extensionAttributes { text += " \(extensionAttributes)" }
        return text
    }
}
