import RTCBase

/// A STUN message (RFC 5389 / RFC 8489): class, method, transaction ID and attributes.
///
/// A parsed message keeps the bytes it came from, because MESSAGE-INTEGRITY and FINGERPRINT are
/// verified over the received bytes, not over a re-encoding.
public struct STUNMessage: Sendable, CustomStringConvertible {
    /// RFC 5389 section 6: the two class bits.
    public enum Class: UInt8, Sendable {
        case request = 0b00
        case indication = 0b01
        case successResponse = 0b10
        case errorResponse = 0b11
    }

    /// The 12-bit method; ICE only uses Binding.
    public struct Method: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue & 0x0FFF }
        public static let binding = Method(rawValue: 0x001)
    }

    public static let magicCookie: UInt32 = 0x2112_A442
    public static let headerLength = 20
    /// RFC 5389 section 15.5: the CRC is XORed with "STUN" so that it differs from other CRCs.
    static let fingerprintXOR: UInt32 = 0x5354_554E

    public var messageClass: Class
    public var method: Method
    public var transactionID: STUNTransactionID
    /// In wire order. MESSAGE-INTEGRITY and FINGERPRINT entries are ignored when encoding (they are
    /// computed instead); attributes that followed MESSAGE-INTEGRITY on the wire, other than
    /// FINGERPRINT, are dropped on parsing as RFC 5389 section 15.4 requires.
    public var attributes: [STUNAttribute]

    private var receivedBytes: [UInt8]?
    /// Where those attributes start in `receivedBytes`, counting the header.
    private var integrityOffset: Int?
    private var fingerprintOffset: Int?

    public init(messageClass: Class, method: Method = .binding, transactionID: STUNTransactionID, attributes: [STUNAttribute] = []) {
        self.messageClass = messageClass
        self.method = method
        self.transactionID = transactionID
        self.attributes = attributes
    }

    /// Parses one whole datagram as a STUN message (RFC 5389 sections 6 and 15).
    public init(bytes input: [UInt8]) throws {
        guard input.count >= Self.headerLength else {
            throw ParseError("STUN message is \(input.count) bytes long, shorter than its 20-byte header")
        }
        var reader = ByteReader(input)
        let type = try reader.readUInt16()
        guard type & 0xC000 == 0 else { throw ParseError("STUN message type has its two top bits set") }
        let length = Int(try reader.readUInt16())
        guard try reader.readUInt32() == Self.magicCookie else { throw ParseError("STUN message lacks the magic cookie 0x2112A442") }
        guard length % 4 == 0 else { throw ParseError("STUN message length \(length) is not a multiple of 4") }
        guard Self.headerLength + length == input.count else {
            throw ParseError("STUN message length field says \(length) bytes but \(input.count - Self.headerLength) follow the header")
        }
        guard let transactionID = STUNTransactionID(bytes: try reader.readBytes(12)) else {
            throw ParseError("STUN transaction ID is not 12 bytes")
        }
        // RFC 5389 section 6: M11-M7, C1, M6-M4, C0, M3-M0.
        let classBits = UInt8((type >> 7) & 0b10 | (type >> 4) & 0b01)
        let methodBits = type & 0x000F | (type >> 1) & 0x0070 | (type >> 2) & 0x0F80
        self.messageClass = Class(rawValue: classBits) ?? .request
        self.method = Method(rawValue: methodBits)
        self.transactionID = transactionID
        self.attributes = []

        var sawIntegrity = false
        while !reader.isAtEnd {
            let start = reader.offset
            if fingerprintOffset != nil { throw ParseError("STUN attribute follows FINGERPRINT, which must be last") }
            let attributeType = try reader.readUInt16()
            let attributeLength = Int(try reader.readUInt16())
            guard attributeLength <= reader.remaining else {
                throw ParseError("STUN attribute 0x\(String(attributeType, radix: 16)) of \(attributeLength) bytes overruns the message")
            }
            let value = try reader.readBytes(attributeLength)
            // Padding to a 32-bit boundary; its content is ignored (RFC 5389 section 15).
            let padding = (4 - attributeLength % 4) % 4
            guard padding <= reader.remaining else { throw ParseError("STUN attribute padding runs past the message end") }
            try reader.skip(padding)
            if sawIntegrity, attributeType != STUNAttribute.TypeCode.fingerprint { continue }
            let attribute = try STUNAttribute.parse(type: attributeType, value: value, transactionID: transactionID)
            switch attribute {
            case .messageIntegrity:
                sawIntegrity = true
                integrityOffset = start
            case .fingerprint:
                fingerprintOffset = start
            default:
                break
            }
            attributes.append(attribute)
        }
        receivedBytes = input
    }

    /// Serializes the message, appending MESSAGE-INTEGRITY (HMAC-SHA1 with `integrityKey`, RFC 5389
    /// section 15.4) and FINGERPRINT (section 15.5) when asked. `paddingByte` exists only so that the
    /// RFC 5769 vectors, which pad with spaces, can be reproduced exactly; the RFC allows any value.
    public func encoded(integrityKey: [UInt8]?, addFingerprint: Bool, paddingByte: UInt8 = 0) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        let type = method.rawValue & 0x000F | (method.rawValue & 0x0070) << 1 | (method.rawValue & 0x0F80) << 2
            | UInt16(messageClass.rawValue & 0b01) << 4 | UInt16(messageClass.rawValue & 0b10) << 7
        writer.write(type)
        writer.write(UInt16(0))
        writer.write(Self.magicCookie)
        writer.write(bytes: transactionID.bytes)
        for attribute in attributes {
            switch attribute {
            case .messageIntegrity, .fingerprint: continue
            default: Self.append(attribute.typeCode, attribute.encodedValue(transactionID: transactionID), paddingByte, to: &writer)
            }
        }
        if let integrityKey {
            // The length covers the MESSAGE-INTEGRITY attribute itself but not what follows it.
            writer.set(UInt16(clamping: writer.count - Self.headerLength + 4 + HMACSHA1.length), at: 2)
            let code = HMACSHA1.authenticationCode(key: integrityKey, message: writer.bytes[...])
            Self.append(STUNAttribute.TypeCode.messageIntegrity, code, paddingByte, to: &writer)
        }
        if addFingerprint {
            writer.set(UInt16(clamping: writer.count - Self.headerLength + 8), at: 2)
            let crc = CRC32.checksum(writer.bytes) ^ Self.fingerprintXOR
            var value = ByteWriter(capacity: 4)
            value.write(crc)
            Self.append(STUNAttribute.TypeCode.fingerprint, value.bytes, paddingByte, to: &writer)
        }
        writer.set(UInt16(clamping: writer.count - Self.headerLength), at: 2)
        return writer.bytes
    }

    private static func append(_ type: UInt16, _ value: [UInt8], _ paddingByte: UInt8, to writer: inout ByteWriter) {
        // A value longer than the 16-bit length field can carry is cut, never trapped on.
        let length = min(value.count, Int(UInt16.max) - 3)
        writer.write(type)
        writer.write(UInt16(length))
        writer.write(bytes: value.prefix(length))
        let padding = (4 - length % 4) % 4
        writer.write(bytes: repeatElement(paddingByte, count: padding))
    }

    /// True when this message was received with a MESSAGE-INTEGRITY that matches `key`, computed
    /// over the received bytes up to that attribute with the length field adjusted to end just after
    /// it (RFC 5389 section 15.4). False for messages built locally.
    public func validatesIntegrity(key: [UInt8]) -> Bool {
        guard let bytes = receivedBytes, let offset = integrityOffset else { return false }
        let start = offset
        guard start >= Self.headerLength, start + 4 + HMACSHA1.length <= bytes.count else { return false }
        var covered = Array(bytes[..<start])
        let adjusted = UInt16(clamping: start - Self.headerLength + 4 + HMACSHA1.length)
        covered[2] = UInt8(adjusted >> 8)
        covered[3] = UInt8(truncatingIfNeeded: adjusted)
        let expected = HMACSHA1.authenticationCode(key: key, message: covered[...])
        return HMACSHA1.constantTimeEqual(bytes[(start + 4)..<(start + 4 + HMACSHA1.length)], expected)
    }

    /// True when this message was received with a FINGERPRINT that matches its bytes (section 15.5).
    public func validatesFingerprint() -> Bool {
        guard let bytes = receivedBytes, let offset = fingerprintOffset else { return false }
        let start = offset
        guard start >= Self.headerLength, start + 8 <= bytes.count else { return false }
        var reader = ByteReader(bytes[(start + 4)..<(start + 8)])
        guard let received = try? reader.readUInt32() else { return false }
        return CRC32.checksum(bytes[..<start]) ^ Self.fingerprintXOR == received
    }

    public var hasMessageIntegrity: Bool { attributes.contains { if case .messageIntegrity = $0 { true } else { false } } }
    public var hasFingerprint: Bool { attributes.contains { if case .fingerprint = $0 { true } else { false } } }

    /// RFC 7983 section 7: a datagram whose first byte is 0...3 is STUN; the magic cookie confirms it.
    public static func looksLikeSTUN<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.count >= headerLength else { return false }
        let head = Array(bytes.prefix(8))
        return head[0] <= 3 && head[4] == 0x21 && head[5] == 0x12 && head[6] == 0xA4 && head[7] == 0x42
    }

    public var description: String {
        "STUN \(messageClass) 0x\(String(method.rawValue, radix: 16)) \(transactionID) \(attributes)"
    }
}

// Typed accessors for the attributes ICE reads: the first occurrence wins.
extension STUNMessage {
    public var username: String? { attributes.lazy.compactMap { if case let .username(v) = $0 { v } else { nil } }.first }
    public var software: String? { attributes.lazy.compactMap { if case let .software(v) = $0 { v } else { nil } }.first }
    public var priority: UInt32? { attributes.lazy.compactMap { if case let .priority(v) = $0 { v } else { nil } }.first }
    public var useCandidate: Bool { attributes.contains(.useCandidate) }
    public var iceControlling: UInt64? { attributes.lazy.compactMap { if case let .iceControlling(v) = $0 { v } else { nil } }.first }
    public var iceControlled: UInt64? { attributes.lazy.compactMap { if case let .iceControlled(v) = $0 { v } else { nil } }.first }
    public var errorCode: (code: Int, reason: String)? {
        attributes.lazy.compactMap { if case let .errorCode(code, reason) = $0 { (code, reason) } else { nil } }.first
    }
    /// XOR-MAPPED-ADDRESS, or the older MAPPED-ADDRESS when only that is present.
    public var mappedAddress: TransportAddress? {
        attributes.lazy.compactMap { if case let .xorMappedAddress(v) = $0 { v } else { nil } }.first
            ?? attributes.lazy.compactMap { if case let .mappedAddress(v) = $0 { v } else { nil } }.first
    }
}

extension STUNMessage: Equatable {
    /// Messages are equal when their content is; the bytes they were parsed from do not matter.
    public static func == (lhs: STUNMessage, rhs: STUNMessage) -> Bool {
        lhs.messageClass == rhs.messageClass && lhs.method == rhs.method
            && lhs.transactionID == rhs.transactionID && lhs.attributes == rhs.attributes
    }
}
