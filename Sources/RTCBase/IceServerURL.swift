/// A STUN or TURN server URL (RFC 7064, RFC 7065): `stun:host[:port]`, `stuns:`, `turn:host[:port]
/// [?transport=udp|tcp]`, `turns:`. Parsing only; the host is resolved by the caller.
public struct IceServerURL: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case stun, stuns, turn, turns

        public var isTURN: Bool { self == .turn || self == .turns }
        public var isSecure: Bool { self == .stuns || self == .turns }
        /// RFC 8489 section 18.6 and RFC 8656 section 17: 3478 plain, 5349 over TLS.
        public var defaultPort: UInt16 { isSecure ? 5349 : 3478 }
    }

    public enum Transport: String, Sendable {
        case udp, tcp, tls
    }

    public var scheme: Scheme
    /// A name, an IPv4 literal, or an IPv6 literal without brackets.
    public var host: String
    public var port: UInt16
    /// UDP unless the URL asks for TCP; always TLS for the secure schemes.
    public var transport: Transport

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme.rawValue):\(shownHost):\(port)" + (transport == .tcp && !scheme.isSecure ? "?transport=tcp" : "")
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(ParseError) {
        func failure(_ why: String) -> ParseError { ParseError(description: "\(text) is not a STUN or TURN URL: \(why)") }
        guard let colon = text.firstIndex(of: ":"), let scheme = Scheme(rawValue: text[..<colon].lowercased()) else {
            throw failure("it must start with stun:, stuns:, turn: or turns:")
        }
        var rest = Substring(text[text.index(after: colon)...])
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.hasPrefix("//") { throw failure("it has no // (write turn:HOST:PORT)") }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw failure("an IPv6 address lacks its ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw failure("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let portColon = rest.lastIndex(of: ":") {
            host = rest[..<portColon]
            portText = rest[rest.index(after: portColon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, !host.contains(":") || rest.hasPrefix("["), !host.contains("/"), !host.contains("@") else {
            throw failure("it names no usable host")
        }
        var port = scheme.defaultPort
        if let portText {
            guard let value = UInt16(portText), value > 0 else { throw failure("the port must be 1 to 65535") }
            port = value
        }
        var transport: Transport = scheme.isSecure ? .tls : .udp
        if let query {
            guard scheme.isTURN else { throw failure("only TURN URLs take ?transport=") }
            let parts = query.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "transport", let asked = Transport(rawValue: parts[1].lowercased()),
                  asked != .tls else {
                throw failure("the only query is ?transport=udp or ?transport=tcp")
            }
            if !scheme.isSecure { transport = asked } else if asked == .udp { throw failure("turns: runs over TLS, not UDP") }
        }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
        self.transport = transport
    }
}
