import RTCBase

/// One STUN attribute, typed where ICE uses it and kept raw otherwise (RFC 5389 section 15, RFC 8445
/// section 16.1 for the ICE attributes).
public enum STUNAttribute: Hashable, Sendable {
    case mappedAddress(TransportAddress)
    case xorMappedAddress(TransportAddress)
    case username(String)
    /// The 20-byte HMAC-SHA1; `STUNMessage.encoded(integrityKey:addFingerprint:)` computes it.
    case messageIntegrity([UInt8])
    /// The CRC-32 XOR 0x5354554e; `STUNMessage.encoded(integrityKey:addFingerprint:)` computes it.
    case fingerprint(UInt32)
    /// `code` is class * 100 + number (300...699).
    case errorCode(code: Int, reason: String)
    case priority(UInt32)
    case useCandidate
    case iceControlled(tieBreaker: UInt64)
    case iceControlling(tieBreaker: UInt64)
    case software(String)
    case unknown(type: UInt16, value: [UInt8])

    /// Attribute type codes from the IANA STUN registry.
    public enum TypeCode {
        public static let mappedAddress: UInt16 = 0x0001
        public static let username: UInt16 = 0x0006
        public static let messageIntegrity: UInt16 = 0x0008
        public static let errorCode: UInt16 = 0x0009
        public static let xorMappedAddress: UInt16 = 0x0020
        public static let priority: UInt16 = 0x0024
        public static let useCandidate: UInt16 = 0x0025
        public static let software: UInt16 = 0x8022
        public static let fingerprint: UInt16 = 0x8028
        public static let iceControlled: UInt16 = 0x8029
        public static let iceControlling: UInt16 = 0x802A
    }

    public var typeCode: UInt16 {
        switch self {
        case .mappedAddress: TypeCode.mappedAddress
        case .xorMappedAddress: TypeCode.xorMappedAddress
        case .username: TypeCode.username
        case .messageIntegrity: TypeCode.messageIntegrity
        case .fingerprint: TypeCode.fingerprint
        case .errorCode: TypeCode.errorCode
        case .priority: TypeCode.priority
        case .useCandidate: TypeCode.useCandidate
        case .iceControlled: TypeCode.iceControlled
        case .iceControlling: TypeCode.iceControlling
        case .software: TypeCode.software
        case let .unknown(type, _): type
        }
    }

    /// Decodes one attribute value; the transaction ID is needed to undo XOR-MAPPED-ADDRESS's mask.
    static func parse(type: UInt16, value: ArraySlice<UInt8>, transactionID: STUNTransactionID) throws -> STUNAttribute {
        var reader = ByteReader(value)
        func expectLength(_ length: Int, _ name: String) throws {
            guard value.count == length else {
                throw ParseError("STUN \(name) attribute is \(value.count) bytes long; it must be \(length)")
            }
        }
        switch type {
        case TypeCode.mappedAddress:
            return .mappedAddress(try parseAddress(value, mask: nil))
        case TypeCode.xorMappedAddress:
            return .xorMappedAddress(try parseAddress(value, mask: transactionID))
        case TypeCode.username:
            return .username(try parseText(value, "USERNAME"))
        case TypeCode.messageIntegrity:
            try expectLength(HMACSHA1.length, "MESSAGE-INTEGRITY")
            return .messageIntegrity(Array(value))
        case TypeCode.fingerprint:
            try expectLength(4, "FINGERPRINT")
            return .fingerprint(try reader.readUInt32())
        case TypeCode.errorCode:
            // RFC 5389 section 15.6: 21 reserved bits, a 3-bit class (3...6) and a number (0...99).
            guard value.count >= 4 else { throw ParseError("STUN ERROR-CODE attribute is shorter than 4 bytes") }
            _ = try reader.readUInt16()
            let errorClass = Int(try reader.readUInt8() & 0x07)
            let number = Int(try reader.readUInt8())
            guard (3...6).contains(errorClass), number < 100 else {
                throw ParseError("STUN ERROR-CODE class \(errorClass) number \(number) is outside 300...699")
            }
            return .errorCode(code: errorClass * 100 + number, reason: try parseText(reader.readRest(), "ERROR-CODE reason"))
        case TypeCode.priority:
            try expectLength(4, "PRIORITY")
            return .priority(try reader.readUInt32())
        case TypeCode.useCandidate:
            try expectLength(0, "USE-CANDIDATE")
            return .useCandidate
        case TypeCode.iceControlled:
            try expectLength(8, "ICE-CONTROLLED")
            return .iceControlled(tieBreaker: try reader.readUInt64())
        case TypeCode.iceControlling:
            try expectLength(8, "ICE-CONTROLLING")
            return .iceControlling(tieBreaker: try reader.readUInt64())
        case TypeCode.software:
            return .software(try parseText(value, "SOFTWARE"))
        default:
            return .unknown(type: type, value: Array(value))
        }
    }

    /// The value bytes, without the type, length and padding.
    func encodedValue(transactionID: STUNTransactionID) -> [UInt8] {
        var writer = ByteWriter(capacity: 24)
        switch self {
        case let .mappedAddress(address):
            Self.writeAddress(address, mask: nil, into: &writer)
        case let .xorMappedAddress(address):
            Self.writeAddress(address, mask: transactionID, into: &writer)
        case let .username(text), let .software(text):
            writer.write(bytes: text.utf8)
        case let .messageIntegrity(code):
            writer.write(bytes: code)
        case let .fingerprint(value), let .priority(value):
            writer.write(value)
        case let .errorCode(code, reason):
            let clamped = min(max(code, 300), 699)
            writer.write(UInt16(0))
            writer.write(UInt8(clamped / 100))
            writer.write(UInt8(clamped % 100))
            writer.write(bytes: reason.utf8)
        case .useCandidate:
            break
        case let .iceControlled(tieBreaker), let .iceControlling(tieBreaker):
            writer.write(tieBreaker)
        case let .unknown(_, value):
            writer.write(bytes: value)
        }
        return writer.bytes
    }

    /// Decodes an address attribute value; with a transaction ID it undoes the XOR mask, as TURN's
    /// XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS need (RFC 8656 sections 18.3 and 18.5).
    public static func decodeAddress(_ value: ArraySlice<UInt8>, xorWith transactionID: STUNTransactionID?) throws -> TransportAddress {
        try parseAddress(value, mask: transactionID)
    }

    /// Encodes an address attribute value, XOR-masked when a transaction ID is given.
    public static func encodeAddress(_ address: TransportAddress, xorWith transactionID: STUNTransactionID?) -> [UInt8] {
        var writer = ByteWriter(capacity: 20)
        writeAddress(address, mask: transactionID, into: &writer)
        return writer.bytes
    }

    /// RFC 5389 sections 15.1 and 15.2: family, port and address, XORed with the magic cookie and
    /// (for IPv6) the transaction ID when `mask` is given.
    private static func parseAddress(_ value: ArraySlice<UInt8>, mask: STUNTransactionID?) throws -> TransportAddress {
        var reader = ByteReader(value)
        _ = try reader.readUInt8()
        let family = try reader.readUInt8()
        var port = try reader.readUInt16()
        let length: Int
        switch family {
        case 0x01: length = 4
        case 0x02: length = 16
        default: throw ParseError("STUN address family \(family) is neither IPv4 (1) nor IPv6 (2)")
        }
        guard value.count == 4 + length else {
            throw ParseError("STUN address attribute is \(value.count) bytes long; family \(family) needs \(4 + length)")
        }
        var address = Array(try reader.readBytes(length))
        if let mask {
            port ^= UInt16(STUNMessage.magicCookie >> 16)
            let key = cookieBytes + mask.bytes
            for index in address.indices { address[index] ^= key[index] }
        }
        guard let ip = TransportAddress.IP(bytes: address) else { throw ParseError("STUN address has a bad length") }
        return TransportAddress(ip: ip, port: port)
    }

    private static func writeAddress(_ address: TransportAddress, mask: STUNTransactionID?, into writer: inout ByteWriter) {
        var bytes = address.ip.bytes
        var port = address.port
        if let mask {
            port ^= UInt16(STUNMessage.magicCookie >> 16)
            let key = cookieBytes + mask.bytes
            for index in bytes.indices { bytes[index] ^= key[index] }
        }
        writer.write(UInt8(0))
        writer.write(UInt8(address.isIPv4 ? 0x01 : 0x02))
        writer.write(port)
        writer.write(bytes: bytes)
    }

    private static let cookieBytes: [UInt8] = [0x21, 0x12, 0xA4, 0x42]

    /// STUN text attributes are UTF-8; anything else is rejected rather than silently repaired,
    /// since a repaired USERNAME would no longer match what the integrity code covers.
    private static func parseText(_ value: ArraySlice<UInt8>, _ name: String) throws -> String {
        let text = String(decoding: value, as: UTF8.self)
        guard text.utf8.elementsEqual(value) else { throw ParseError("STUN \(name) attribute is not valid UTF-8") }
        return text
    }
}
