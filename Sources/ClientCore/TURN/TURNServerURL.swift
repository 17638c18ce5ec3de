import RTCTURN

/// A TURN server as RFC 7065 writes it: `turn:host[:port][?transport=udp|tcp]` or
/// `turns:host[:port][?transport=tcp]` (TLS). A bare `host[:port]` means `turn:`.
public struct TURNServerURL: Sendable, Equatable, CustomStringConvertible {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public var host: String
    /// The port the URL names; nil takes the default of the transport.
    public var explicitPort: UInt16?
    public var transport: TURNTransport

    /// RFC 8656 section 3.1: 3478 for TURN over UDP and TCP, 5349 for TURN over TLS.
    public var port: UInt16 { explicitPort ?? (transport == .tls ? 5349 : 3478) }

    public init(host: String, port: UInt16? = nil, transport: TURNTransport = .udp) {
        self.host = host
        self.explicitPort = port
        self.transport = transport
    }

    public init(parsing text: String) throws(ParseError) {
        var rest = Substring(text.trimmingCharacters(in: " \t"))
        var secure = false
        if rest.lowercased().hasPrefix("turn:") {
            rest = rest.dropFirst(5)
        } else if rest.lowercased().hasPrefix("turns:") {
            secure = true
            rest = rest.dropFirst(6)
        } else if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy(\.isLetter),
                  rest[rest.index(after: colon)...].first?.isNumber != true {
            // "stun:host" or "https://host"; "host:3478" has a port, not a scheme, after its colon.
            throw ParseError("\"\(rest[..<colon]):\" is not a TURN URL scheme; use turn: or turns:")
        }
        if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        var transport: TURNTransport = secure ? .tls : .udp
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            rest = rest[..<question]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "transport" else {
                    throw ParseError("unknown TURN URL parameter \"\(pair)\"; only transport=udp|tcp is defined")
                }
                switch parts[1].lowercased() {
                case "udp":
                    guard !secure else { throw ParseError("turns: with transport=udp would be TURN over DTLS, which is not supported") }
                    transport = .udp
                case "tcp":
                    transport = secure ? .tls : .tcp
                default:
                    throw ParseError("unknown TURN transport \"\(parts[1])\"; use udp or tcp")
                }
            }
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw ParseError("unclosed [ in TURN URL \"\(text)\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let tail = rest[rest.index(after: close)...]
            if !tail.isEmpty {
                guard tail.hasPrefix(":") else { throw ParseError("unexpected \"\(tail)\" after the IPv6 address in \"\(text)\"") }
                portText = tail.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            guard !host.contains(":") else { throw ParseError("write IPv6 addresses in brackets: turn:[2001:db8::1]:3478") }
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw ParseError("TURN URL \"\(text)\" names no host") }
        guard !host.contains(where: { $0 == "/" || $0 == "@" || $0.isWhitespace }) else {
            throw ParseError("TURN URL host \"\(host)\" is not a host name or address")
        }
        var port: UInt16?
        if let portText {
            guard let value = UInt16(portText), value > 0 else { throw ParseError("TURN URL port \"\(portText)\" is not a number from 1 to 65535") }
            port = value
        }
        self.init(host: String(host), port: port, transport: transport)
    }

    /// The URL written back, with the transport spelled out.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        switch transport {
        case .udp: return "turn:\(hostPart):\(port)?transport=udp"
        case .tcp: return "turn:\(hostPart):\(port)?transport=tcp"
        case .tls: return "turns:\(hostPart):\(port)?transport=tcp"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
