// Byte-level text helpers. SDP is split on ASCII bytes, never on Characters: "\r\n" is one
// Character in Swift, and a space followed by a combining mark would hide a field separator.

enum SDPText {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// Fields separated by runs of spaces (RFC 8866 §9 uses single spaces; browsers agree, but
    /// tolerating runs costs nothing).
    static func fields(_ text: Substring) -> [Substring] {
        text.utf8.split(separator: space, omittingEmptySubsequences: true).map { Substring($0) }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 != space && $0 != tab }),
              let last = bytes.lastIndex(where: { $0 != space && $0 != tab })
        else { return text[text.endIndex...] }
        return Substring(bytes[first...last])
    }

    /// Splits at the first occurrence of `separator`; nil when it does not occur.
    static func split(_ text: Substring, at separator: UInt8) -> (Substring, Substring)? {
        let bytes = text.utf8
        guard let index = bytes.firstIndex(of: separator) else { return nil }
        return (Substring(bytes[..<index]), Substring(bytes[bytes.index(after: index)...]))
    }

    /// A decimal number of ASCII digits only: no sign, no spaces, no overflow.
    static func number<T: FixedWidthInteger & UnsignedInteger>(_ text: Substring, as type: T.Type = T.self) -> T? {
        guard !text.utf8.isEmpty, text.utf8.count <= 20 else { return nil }
        var value: T = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(T(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// The line as it goes into an error message.
    static func excerpt(_ line: Substring) -> String {
        line.utf8.count <= 80 ? String(line) : String(line.prefix(80)) + "..."
    }
}
