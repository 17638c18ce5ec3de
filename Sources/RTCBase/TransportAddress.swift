/// An IP address (v4 or v6) and a port: one end of a UDP flow.
public struct TransportAddress: Hashable, Sendable, CustomStringConvertible {
    public enum IP: Hashable, Sendable {
        case v4(UInt8, UInt8, UInt8, UInt8)
        /// 16 bytes in network order, with the interface scope for link-local addresses.
        case v6([UInt8], scope: UInt32)
    }

    public var ip: IP
    public var port: UInt16

    public init(ip: IP, port: UInt16) {
        self.ip = ip
        self.port = port
    }

    /// Parses "1.2.3.4", "::1", "fe80::1%2" (numeric scope) with a separate port.
    public init?(host: String, port: UInt16) {
        guard let ip = IP(parsing: host) else { return nil }
        self.init(ip: ip, port: port)
    }

    /// Parses "1.2.3.4:5000" or "[::1]:5000".
    public init?(_ text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":"),
                  let port = UInt16(text[text.index(close, offsetBy: 2)...]),
                  let ip = IP(parsing: String(text[text.index(after: text.startIndex)..<close]))
            else { return nil }
            self.init(ip: ip, port: port)
        } else {
            guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]),
                  let ip = IP(parsing: String(text[..<colon]))
            else { return nil }
            self.init(ip: ip, port: port)
        }
    }

    public var isIPv4: Bool { if case .v4 = ip { return true } else { return false } }

    public var description: String {
        isIPv4 ? "\(ip):\(port)" : "[\(ip)]:\(port)"
    }
}

extension TransportAddress.IP: CustomStringConvertible {
    public static let loopbackV4 = TransportAddress.IP.v4(127, 0, 0, 1)
    public static let loopbackV6 = TransportAddress.IP.v6(Array(repeating: 0, count: 15) + [1], scope: 0)

    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case let .v4(a, b, c, d): return [a, b, c, d]
        case let .v6(bytes, _): return bytes
        }
    }

    public init?(bytes: [UInt8], scope: UInt32 = 0) {
        switch bytes.count {
        case 4: self = .v4(bytes[0], bytes[1], bytes[2], bytes[3])
        case 16: self = .v6(bytes, scope: scope)
        default: return nil
        }
    }

    public var isLoopback: Bool {
        switch self {
        case let .v4(a, _, _, _): return a == 127
        case let .v6(bytes, _): return bytes == Self.loopbackV6.bytes
        }
    }

    public var isLinkLocal: Bool {
        switch self {
        case let .v4(a, b, _, _): return a == 169 && b == 254
        case let .v6(bytes, _): return bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80
        }
    }

    public init?(parsing text: String) {
        if let v4 = Self.parseV4(text) {
            self = v4
        } else if let v6 = Self.parseV6(text) {
            self = v6
        } else {
            return nil
        }
    }

    private static func parseV4(_ text: String) -> Self? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            octets.append(value)
        }
        return .v4(octets[0], octets[1], octets[2], octets[3])
    }

    private static func parseV6(_ text: String) -> Self? {
        var text = Substring(text)
        var scope: UInt32 = 0
        if let percent = text.firstIndex(of: "%") {
            guard let parsed = UInt32(text[text.index(after: percent)...]) else { return nil }
            scope = parsed
            text = text[..<percent]
        }
        guard text.contains(":"), text.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let pieces = Self.split(String(text), on: "::")
        guard pieces.count <= 2 else { return nil }
        func groups(_ piece: String, allowV4Tail: Bool) -> [UInt16]? {
            if piece.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false)
            for (i, field) in fields.enumerated() {
                if allowV4Tail, i == fields.count - 1, field.contains("."),
                   case let .v4(a, b, c, d)? = parseV4(String(field)) {
                    result.append(UInt16(a) << 8 | UInt16(b))
                    result.append(UInt16(c) << 8 | UInt16(d))
                    continue
                }
                guard (1...4).contains(field.count), let value = UInt16(field, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        if pieces.count == 2 {
            sawGap = true
            guard let h = groups(pieces[0], allowV4Tail: false), let t = groups(pieces[1], allowV4Tail: true) else { return nil }
            head = h
            tail = t
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard let h = groups(pieces[0], allowV4Tail: true), h.count == 8 else { return nil }
            head = h
        }
        let all = sawGap ? head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail : head
        var bytes: [UInt8] = []
        for group in all { bytes.append(UInt8(group >> 8)); bytes.append(UInt8(truncatingIfNeeded: group)) }
        return .v6(bytes, scope: scope)
    }

    private static func split(_ text: String, on separator: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: separator) {
            pieces.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        pieces.append(String(rest))
        return pieces
    }

    /// RFC 5952 text form (lower case, longest zero run compressed).
    public var description: String {
        switch self {
        case let .v4(a, b, c, d):
            return "\(a).\(b).\(c).\(d)"
        case let .v6(bytes, scope):
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            var bestStart = -1, bestLength = 0, runStart = -1
            for i in 0...8 {
                if i < 8, groups[i] == 0 {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    if i - runStart > bestLength, i - runStart >= 2 { bestStart = runStart; bestLength = i - runStart }
                    runStart = -1
                }
            }
            var text = ""
            var i = 0
            while i < 8 {
                if i == bestStart {
                    text += "::"
                    i += bestLength
                    continue
                }
                if !text.isEmpty, !text.hasSuffix(":") { text += ":" }
                text += String(groups[i], radix: 16)
                i += 1
            }
            return scope == 0 ? text : "\(text)%\(scope)"
        }
    }
}

/// One UDP datagram as engines see it: where it came from or goes to, on which local address.
public struct Datagram: Sendable {
    public var source: TransportAddress
    public var destination: TransportAddress
    public var payload: [UInt8]

    public init(source: TransportAddress, destination: TransportAddress, payload: [UInt8]) {
        self.source = source
        self.destination = destination
        self.payload = payload
    }
}
