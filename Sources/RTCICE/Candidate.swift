import RTCBase

/// One ICE candidate as the SDP `candidate` attribute carries it (RFC 8839 section 5.1):
///
///     candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
///         [raddr <address>] [rport <port>] *(<extension name> <extension value>)
public struct Candidate: Hashable, Sendable, CustomStringConvertible {
    /// An extension pair we do not interpret ("generation 0", "network-cost 10"), kept for round trips.
    public struct Extension: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var foundation: String
    public var component: Int
    /// As written ("udp", "UDP", "tcp"); compare with `isUDP`.
    public var transport: String
    public var priority: UInt32
    /// An IP literal or a hostname such as an mDNS "<uuid>.local" name, kept as text.
    public var connectionAddress: String
    public var port: UInt16
    public var type: CandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    /// RFC 6544's active/passive/so, for TCP candidates.
    public var tcpType: String?
    public var extensions: [Extension]

    public init(foundation: String, component: Int = 1, transport: String = "udp", priority: UInt32,
                connectionAddress: String, port: UInt16, type: CandidateType,
                relatedAddress: String? = nil, relatedPort: UInt16? = nil, tcpType: String? = nil,
                extensions: [Extension] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.connectionAddress = connectionAddress
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.tcpType = tcpType
        self.extensions = extensions
    }

    /// A candidate for a local transport address, with the address written as SDP expects.
    public init(foundation: String, priority: UInt32, address: TransportAddress, type: CandidateType,
                related: TransportAddress? = nil) {
        self.init(foundation: foundation, priority: priority, connectionAddress: Self.text(address.ip), port: address.port,
                  type: type, relatedAddress: related.map { Self.text($0.ip) }, relatedPort: related?.port)
    }

    /// The address as an IP and port; nil when the connection address is a hostname (mDNS).
    public var address: TransportAddress? { TransportAddress(host: connectionAddress, port: port) }

    public var isUDP: Bool { transport.lowercased() == "udp" }

    /// True for mDNS names (RFC 8839 section 5.1 and draft-ietf-mmusic-mdns-ice-candidates).
    public var isMulticastDNS: Bool { connectionAddress.lowercased().hasSuffix(".local") }

    /// Accepts "a=candidate:...", "candidate:..." or the bare value; surrounding whitespace is ignored.
    public init(attribute text: String) throws {
        var rest = Substring(text.trimmingSpaces)
        if rest.hasPrefix("a=") { rest = rest.dropFirst(2) }
        if rest.lowercased().hasPrefix("candidate:") { rest = rest.dropFirst("candidate:".count) }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 8 else {
            throw ParseError("candidate has \(fields.count) fields; at least 8 are required")
        }
        let foundation = fields[0]
        guard (1...32).contains(foundation.utf8.count), foundation.utf8.allSatisfy(Self.isIceChar) else {
            throw ParseError("candidate foundation \"\(foundation.prefix(40))\" is not 1 to 32 ICE characters")
        }
        guard fields[1].utf8.count <= 3, fields[1].utf8.allSatisfy(Self.isDigit), let component = Int(fields[1]),
              (1...256).contains(component) else {
            throw ParseError("candidate component \"\(fields[1].prefix(40))\" is not a number from 1 to 256")
        }
        let transport = fields[2]
        guard !transport.isEmpty, transport.utf8.allSatisfy(Self.isTokenChar) else {
            throw ParseError("candidate transport \"\(transport.prefix(40))\" is not a token")
        }
        guard fields[3].utf8.count <= 10, fields[3].utf8.allSatisfy(Self.isDigit), let priority = UInt32(fields[3]) else {
            throw ParseError("candidate priority \"\(fields[3].prefix(40))\" is not a number from 0 to 4294967295")
        }
        let address = fields[4]
        guard Self.isConnectionAddress(address) else {
            throw ParseError("candidate address \"\(address.prefix(60))\" is neither an IP address nor a hostname")
        }
        let port = try Self.parsePort(fields[5])
        guard fields[6] == "typ" else { throw ParseError("candidate lacks \"typ\" after the port") }
        guard let type = CandidateType(rawValue: fields[7]) else {
            throw ParseError("candidate type \"\(fields[7].prefix(40))\" is not host, srflx, prflx or relay")
        }
        self.init(foundation: foundation, component: component, transport: transport, priority: priority,
                  connectionAddress: address, port: port, type: type)

        var index = 8
        while index < fields.count {
            let name = fields[index]
            guard index + 1 < fields.count else { throw ParseError("candidate extension \"\(name.prefix(40))\" has no value") }
            let value = fields[index + 1]
            index += 2
            switch name {
            case "raddr" where relatedAddress == nil && extensions.isEmpty:
                guard Self.isConnectionAddress(value) else {
                    throw ParseError("candidate related address \"\(value.prefix(60))\" is neither an IP address nor a hostname")
                }
                relatedAddress = value
            case "rport" where relatedPort == nil && extensions.isEmpty:
                relatedPort = try Self.parsePort(value)
            case "tcptype" where tcpType == nil:
                tcpType = value
            default:
                guard name.utf8.allSatisfy(Self.isTokenChar) else {
                    throw ParseError("candidate extension name \"\(name.prefix(40))\" is not a token")
                }
                extensions.append(Extension(name: name, value: value))
            }
        }
    }

    /// "candidate:..." without the "a=" prefix, as SDP and trickle messages carry it.
    public var attributeValue: String {
        var text = "candidate:\(foundation) \(component) \(transport) \(priority) \(connectionAddress) \(port) typ \(type.rawValue)"
        if let relatedAddress { text += " raddr \(relatedAddress)" }
        if let relatedPort { text += " rport \(relatedPort)" }
        if let tcpType { text += " tcptype \(tcpType)" }
        for item in extensions { text += " \(item.name) \(item.value)" }
        return text
    }

    public var description: String { attributeValue }

    /// RFC 8445 section 5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component).
    public static func priority(type: CandidateType, localPreference: UInt16, component: Int = 1) -> UInt32 {
        let componentPart = UInt32(256 - min(max(component, 1), 256))
        return type.preference << 24 | UInt32(localPreference) << 8 | componentPart
    }

    // MARK: - Lexical rules

    private static func parsePort(_ text: String) throws -> UInt16 {
        guard text.utf8.count <= 5, text.utf8.allSatisfy(isDigit), let port = UInt16(text) else {
            throw ParseError("candidate port \"\(text.prefix(40))\" is not a number from 0 to 65535")
        }
        return port
    }

    /// An IP literal, or a hostname made of letters, digits, '-' and '.' (RFC 8839's FQDN).
    private static func isConnectionAddress(_ text: String) -> Bool {
        if TransportAddress.IP(parsing: text) != nil { return true }
        guard (1...253).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z"))
    }
    /// RFC 8839: ice-char = ALPHA / DIGIT / "+" / "/".
    private static func isIceChar(_ c: UInt8) -> Bool { isAlphanumeric(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") }
    /// RFC 4566's token characters.
    private static func isTokenChar(_ c: UInt8) -> Bool {
        isAlphanumeric(c) || Array("!#$%&'*+-.^_`{|}~".utf8).contains(c)
    }

    /// IPv6 without a zone, as SDP writes it; the scope lives in the socket, not in the SDP.
    private static func text(_ ip: TransportAddress.IP) -> String {
        if case let .v6(bytes, _) = ip { return TransportAddress.IP.v6(bytes, scope: 0).description }
        return ip.description
    }
}

extension String {
    /// Trims spaces, tabs, CR and LF without Foundation.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
