/// The session-level `a=msid-semantic` line (Chrome writes "msid-semantic: WMS *").
public struct MSIDSemantic: Hashable, Sendable {
    public var semantics: String
    public var identifiers: [String]

    public init(semantics: String = "WMS", identifiers: [String] = []) {
        self.semantics = semantics
        self.identifiers = identifiers
    }

    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard let semantics = fields.first else { return nil }
        self.init(semantics: String(semantics), identifiers: fields.dropFirst().map(String.init))
    }

    public var sdpValue: String { ([semantics] + identifiers).joined(separator: " ") }
}
