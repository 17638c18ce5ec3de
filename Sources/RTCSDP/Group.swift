/// An `a=group` line (RFC 5888 §5), such as "BUNDLE 0 1" (RFC 8843 §7).
public struct Group: Hashable, Sendable {
    public var semantics: String
    public var mids: [String]

    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard let semantics = fields.first else { return nil }
        self.init(semantics: String(semantics), mids: fields.dropFirst().map(String.init))
    }

    public var isBundle: Bool { semantics == "BUNDLE" }

    public var sdpValue: String { ([semantics] + mids).joined(separator: " ") }
}
