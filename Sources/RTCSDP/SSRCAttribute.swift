/// An `a=ssrc` line (RFC 5576 §4.1): one attribute of one RTP source, such as its cname.
public struct SSRCAttribute: Hashable, Sendable {
    public var ssrc: UInt32
    public var name: String
    public var value: String?

    public init(ssrc: UInt32, name: String, value: String?) {
        self.ssrc = ssrc
        self.name = name
        self.value = value
    }

    /// Parses "ssrc name[:value]".
    init?(sdpValue: Substring) {
        guard let (number, attribute) = SDPText.split(sdpValue, at: SDPText.space),
              let ssrc = SDPText.number(number, as: UInt32.self)
        else { return nil }
        let text = SDPText.trimmed(attribute)
        guard !text.isEmpty else { return nil }
        if let (name, value) = SDPText.split(text, at: UInt8(ascii: ":")) {
            guard !name.isEmpty else { return nil }
            self.init(ssrc: ssrc, name: String(name), value: String(value))
        } else {
            self.init(ssrc: ssrc, name: String(text), value: nil)
        }
    }

    public var sdpValue: String { value.map { "\(ssrc) \(name):\($0)" } ?? "\(ssrc) \(name)" }
}
