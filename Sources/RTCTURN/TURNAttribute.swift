import RTCBase
import RTCSTUN

/// The attributes TURN adds to STUN (RFC 8656 section 18), plus the long-term credential ones STUN
/// defines but ICE never uses (REALM, NONCE, ALTERNATE-SERVER; RFC 8489 section 14).
///
/// On the wire they travel as `STUNAttribute.unknown(type:value:)`: RTCICE's parser keeps unknown
/// attributes raw, and this type gives them meaning without widening ICE's enum.
public enum TURNAttribute: Hashable, Sendable {
    /// The protocol number of the relay transport; 17 is UDP, the only one this client asks for.
    case requestedTransport(protocolNumber: UInt8)
    case lifetime(seconds: UInt32)
    case xorRelayedAddress(TransportAddress)
    case xorPeerAddress(TransportAddress)
    case data([UInt8])
    case channelNumber(UInt16)
    case realm(String)
    case nonce(String)
    /// 0x01 IPv4, 0x02 IPv6 (RFC 8656 section 18.11).
    case requestedAddressFamily(UInt8)
    case dontFragment
    case alternateServer(TransportAddress)

    public enum TypeCode {
        public static let channelNumber: UInt16 = 0x000C
        public static let lifetime: UInt16 = 0x000D
        public static let xorPeerAddress: UInt16 = 0x0012
        public static let data: UInt16 = 0x0013
        public static let realm: UInt16 = 0x0014
        public static let nonce: UInt16 = 0x0015
        public static let xorRelayedAddress: UInt16 = 0x0016
        public static let requestedAddressFamily: UInt16 = 0x0017
        public static let requestedTransport: UInt16 = 0x0019
        public static let dontFragment: UInt16 = 0x001A
        public static let alternateServer: UInt16 = 0x8023
    }

    public static let udpProtocolNumber: UInt8 = 17

    public var typeCode: UInt16 {
        switch self {
        case .requestedTransport: TypeCode.requestedTransport
        case .lifetime: TypeCode.lifetime
        case .xorRelayedAddress: TypeCode.xorRelayedAddress
        case .xorPeerAddress: TypeCode.xorPeerAddress
        case .data: TypeCode.data
        case .channelNumber: TypeCode.channelNumber
        case .realm: TypeCode.realm
        case .nonce: TypeCode.nonce
        case .requestedAddressFamily: TypeCode.requestedAddressFamily
        case .dontFragment: TypeCode.dontFragment
        case .alternateServer: TypeCode.alternateServer
        }
    }

    /// The STUN attribute that carries this one in a message with `transactionID` (the XOR address
    /// attributes mask IPv6 addresses with it).
    public func stunAttribute(transactionID: STUNTransactionID) -> STUNAttribute {
        var writer = ByteWriter(capacity: 20)
        switch self {
        case let .requestedTransport(number):
            // RFC 8656 section 18.7: the protocol number, then 24 reserved bits.
            writer.write(number)
            writer.writeUInt24(0)
        case let .lifetime(seconds):
            writer.write(seconds)
        case let .xorRelayedAddress(address), let .xorPeerAddress(address):
            writer.write(bytes: STUNAttribute.encodeAddress(address, xorWith: transactionID))
        case let .alternateServer(address):
            writer.write(bytes: STUNAttribute.encodeAddress(address, xorWith: nil))
        case let .data(payload):
            writer.write(bytes: payload)
        case let .channelNumber(number):
            // RFC 8656 section 18.1: the number, then 16 reserved bits.
            writer.write(number)
            writer.write(UInt16(0))
        case let .realm(text), let .nonce(text):
            writer.write(bytes: text.utf8)
        case let .requestedAddressFamily(family):
            writer.write(family)
            writer.writeUInt24(0)
        case .dontFragment:
            break
        }
        return .unknown(type: typeCode, value: writer.bytes)
    }

    /// The TURN attribute in a raw STUN attribute: nil when it is not one of ours, an error when it
    /// is but its value is malformed.
    public init?(_ attribute: STUNAttribute, transactionID: STUNTransactionID) throws {
        guard case let .unknown(type, value) = attribute else { return nil }
        var reader = ByteReader(value)
        func expectLength(_ length: Int, _ name: String) throws {
            guard value.count == length else {
                throw ParseError("TURN \(name) attribute is \(value.count) bytes long; it must be \(length)")
            }
        }
        switch type {
        case TypeCode.requestedTransport:
            try expectLength(4, "REQUESTED-TRANSPORT")
            self = .requestedTransport(protocolNumber: try reader.readUInt8())
        case TypeCode.lifetime:
            try expectLength(4, "LIFETIME")
            self = .lifetime(seconds: try reader.readUInt32())
        case TypeCode.xorRelayedAddress:
            self = .xorRelayedAddress(try STUNAttribute.decodeAddress(value[...], xorWith: transactionID))
        case TypeCode.xorPeerAddress:
            self = .xorPeerAddress(try STUNAttribute.decodeAddress(value[...], xorWith: transactionID))
        case TypeCode.alternateServer:
            self = .alternateServer(try STUNAttribute.decodeAddress(value[...], xorWith: nil))
        case TypeCode.data:
            self = .data(value)
        case TypeCode.channelNumber:
            try expectLength(4, "CHANNEL-NUMBER")
            self = .channelNumber(try reader.readUInt16())
        case TypeCode.realm:
            self = .realm(try Self.text(value, "REALM"))
        case TypeCode.nonce:
            self = .nonce(try Self.text(value, "NONCE"))
        case TypeCode.requestedAddressFamily:
            try expectLength(4, "REQUESTED-ADDRESS-FAMILY")
            self = .requestedAddressFamily(try reader.readUInt8())
        case TypeCode.dontFragment:
            try expectLength(0, "DONT-FRAGMENT")
            self = .dontFragment
        default:
            return nil
        }
    }

    private static func text(_ value: [UInt8], _ name: String) throws -> String {
        let text = String(decoding: value, as: UTF8.self)
        guard text.utf8.elementsEqual(value) else { throw ParseError("TURN \(name) attribute is not valid UTF-8") }
        return text
    }
}

// Typed accessors for TURN attributes: the first well-formed occurrence wins; malformed ones are
// treated as absent, so a response with a broken LIFETIME reads as one without LIFETIME.
extension STUNMessage {
    /// Every TURN attribute of the message that parses.
    public var turnAttributes: [TURNAttribute] {
        attributes.compactMap { try? TURNAttribute($0, transactionID: transactionID) }
    }

    private func firstTURN<T>(_ pick: (TURNAttribute) -> T?) -> T? {
        for attribute in attributes {
            guard case .unknown = attribute, let turn = try? TURNAttribute(attribute, transactionID: transactionID) else { continue }
            if let value = pick(turn) { return value }
        }
        return nil
    }

    public var lifetime: UInt32? { firstTURN { if case let .lifetime(v) = $0 { v } else { nil } } }
    public var xorRelayedAddress: TransportAddress? { firstTURN { if case let .xorRelayedAddress(v) = $0 { v } else { nil } } }
    public var xorPeerAddress: TransportAddress? { firstTURN { if case let .xorPeerAddress(v) = $0 { v } else { nil } } }
    public var data: [UInt8]? { firstTURN { if case let .data(v) = $0 { v } else { nil } } }
    public var channelNumber: UInt16? { firstTURN { if case let .channelNumber(v) = $0 { v } else { nil } } }
    public var realm: String? { firstTURN { if case let .realm(v) = $0 { v } else { nil } } }
    public var nonce: String? { firstTURN { if case let .nonce(v) = $0 { v } else { nil } } }
    public var alternateServer: TransportAddress? { firstTURN { if case let .alternateServer(v) = $0 { v } else { nil } } }
    public var requestedTransport: UInt8? { firstTURN { if case let .requestedTransport(v) = $0 { v } else { nil } } }
}
