/// A `b=` line (RFC 8866 §5.8), such as "AS:30" or "TIAS:64000".
public struct Bandwidth: Hashable, Sendable {
    public var type: String
    public var value: UInt64

    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }

    init?(sdpValue: Substring) {
        guard let (type, number) = SDPText.split(sdpValue, at: UInt8(ascii: ":")), !type.isEmpty,
              !SDPText.contains(type, SDPText.space), let value = SDPText.number(number, as: UInt64.self)
        else { return nil }
        self.init(type: String(type), value: value)
    }

    public var sdpValue: String { "\(type):\(value)" }
}
