/// One `name=value` pair of an `a=fmtp` line, such as "useinbandfec=1". Parameters without "="
/// (RED's "111/111", for one) have no value and keep their whole text as the name.
public struct FormatParameter: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// Splits an fmtp parameter list at ";" (RFC 8866 §6.15 leaves the format to each codec;
    /// all WebRTC codecs use ";"-separated pairs).
    static func list(parsing text: Substring) -> [FormatParameter] {
        SDPText.pieces(text, separatedBy: UInt8(ascii: ";")).compactMap { piece in
            let item = SDPText.trimmed(piece)
            guard !item.isEmpty else { return nil }
            if let (name, value) = SDPText.split(item, at: UInt8(ascii: "=")) {
                return FormatParameter(String(name), String(value))
            }
            return FormatParameter(String(item))
        }
    }

    public var description: String { value.map { "\(name)=\($0)" } ?? name }
}

extension Array where Element == FormatParameter {
    /// The value of the first parameter with this name (names compare case-insensitively, as
    /// RFC 7587 §7 and most codec registrations say).
    public func value(of name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }

    /// The text after "a=fmtp:PT ".
    public var sdpValue: String { map(\.description).joined(separator: ";") }
}
