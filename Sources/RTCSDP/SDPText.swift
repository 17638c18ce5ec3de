// Byte-level text helpers. SDP is split on ASCII bytes, never on Characters: "\r\n" is one
// Character in Swift, and a space followed by a combining mark would hide a field separator.
// The loops run over contiguous UTF-8 because the generic Collection algorithms on String views
// cost about ten times as much in debug builds, where the 100,000-input tests run.

enum SDPText {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// Runs `body` over the UTF-8 bytes of `text` without copying when the string is native.
    static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The part of `text` between UTF-8 offsets; the offsets sit next to ASCII bytes, so they are
    /// always on scalar boundaries.
    static func slice(_ text: Substring, _ from: Int, _ to: Int) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: from)
        let end = utf8.index(start, offsetBy: to - from)
        return Substring(utf8[start..<end])
    }

    /// Fields separated by runs of spaces (RFC 8866 §9 uses single spaces; browsers agree, but
    /// tolerating runs costs nothing).
    static func fields(_ text: Substring) -> [Substring] {
        let ranges: [(Int, Int)] = withBytes(text) { bytes in
            var ranges: [(Int, Int)] = []
            var start = -1
            for index in 0..<bytes.count {
                if bytes[index] == space {
                    if start >= 0 { ranges.append((start, index)); start = -1 }
                } else if start < 0 {
                    start = index
                }
            }
            if start >= 0 { ranges.append((start, bytes.count)) }
            return ranges
        }
        return ranges.map { slice(text, $0.0, $0.1) }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        let (from, to): (Int, Int) = withBytes(text) { bytes in
            var from = 0
            var to = bytes.count
            while from < to, bytes[from] == space || bytes[from] == tab { from += 1 }
            while to > from, bytes[to - 1] == space || bytes[to - 1] == tab { to -= 1 }
            return (from, to)
        }
        return from == 0 && to == text.utf8.count ? text : slice(text, from, to)
    }

    /// Offset of the first `byte` in `text`.
    static func offset(of byte: UInt8, in text: Substring) -> Int? {
        withBytes(text) { bytes in
            for index in 0..<bytes.count where bytes[index] == byte { return index }
            return nil
        }
    }

    /// Splits at the first occurrence of `separator`; nil when it does not occur.
    static func split(_ text: Substring, at separator: UInt8) -> (Substring, Substring)? {
        guard let index = offset(of: separator, in: text) else { return nil }
        let count = text.utf8.count
        return (slice(text, 0, index), slice(text, index + 1, count))
    }

    /// All pieces between `separator`s, empty ones included.
    static func pieces(_ text: Substring, separatedBy separator: UInt8) -> [Substring] {
        let bounds: [Int] = withBytes(text) { bytes in
            var bounds = [-1]
            for index in 0..<bytes.count where bytes[index] == separator { bounds.append(index) }
            bounds.append(bytes.count)
            return bounds
        }
        return (1..<bounds.count).map { slice(text, bounds[$0 - 1] + 1, bounds[$0]) }
    }

    static func contains(_ text: Substring, _ byte: UInt8) -> Bool { offset(of: byte, in: text) != nil }

    /// A decimal number of ASCII digits only: no sign, no spaces, no overflow.
    static func number<T: FixedWidthInteger & UnsignedInteger>(_ text: Substring, as type: T.Type = T.self) -> T? {
        let parsed: UInt64? = withBytes(text) { bytes in
            guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
            var value: UInt64 = 0
            for byte in bytes {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
            }
            return value
        }
        return parsed.flatMap { T(exactly: $0) }
    }

    /// The line as it goes into an error message.
    static func excerpt(_ line: Substring) -> String {
        line.utf8.count <= 80 ? String(line) : String(line.prefix(80)) + "..."
    }
}
