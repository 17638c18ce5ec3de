import RTCBase
import Testing
@testable import RTCSTUN

/// RFC 5769 test vectors as exact bytes, plus round trips and rejection of malformed framing.
@Suite struct STUNMessageTests {
    static let shortTermPassword = Array("VOkJxbRl1RmTxUk/WvJxBt".utf8)
    static let transactionID = STUNTransactionID(bytes: [UInt8](hex: "b7e7a701bc34d686fa87dfae")!)!

    // RFC 5769 section 2.1.
    static let sampleRequest = [UInt8](hex: """
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff 80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """)!
    // RFC 5769 section 2.2.
    static let sampleIPv4Response = [UInt8](hex: """
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """)!
    // RFC 5769 section 2.3.
    static let sampleIPv6Response = [UInt8](hex: """
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c
        """)!
    // RFC 5769 section 2.4 (long-term credentials; NONCE and REALM stay raw attributes).
    static let sampleLongTermRequest = [UInt8](hex: """
        00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
        00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
        00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
        00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
        00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
        """)!
    /// MD5("マトリックス:example.org:TheMatrIX"), the RFC 5389 section 15.4 long-term key.
    static let longTermKey = [UInt8](hex: "e8ca7ad59d5eb0518e312911d2dab2a9")!

    @Test func sampleRequestParsesAndVerifies() throws {
        let message = try STUNMessage(bytes: Self.sampleRequest)
        #expect(message.messageClass == .request)
        #expect(message.method == .binding)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "STUN test client")
        #expect(message.priority == 0x6E00_01FF)
        #expect(message.iceControlled == 0x932F_F9B1_5126_3B36)
        #expect(message.username == "evtj:h6vY")
        #expect(message.validatesIntegrity(key: Self.shortTermPassword))
        #expect(!message.validatesIntegrity(key: Array("VOkJxbRl1RmTxUk/WvJxBT".utf8)))
        #expect(message.validatesFingerprint())
    }

    @Test func sampleRequestReencodesToTheExactBytes() throws {
        let message = try STUNMessage(bytes: Self.sampleRequest)
        let encoded = message.encoded(integrityKey: Self.shortTermPassword, addFingerprint: true, paddingByte: 0x20)
        #expect(encoded == Self.sampleRequest)
    }

    @Test func sampleIPv4ResponseParsesAndReencodes() throws {
        let message = try STUNMessage(bytes: Self.sampleIPv4Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.mappedAddress == TransportAddress("192.0.2.1:32853"))
        #expect(message.software == "test vector")
        #expect(message.validatesIntegrity(key: Self.shortTermPassword))
        #expect(message.validatesFingerprint())
        let built = STUNMessage(messageClass: .successResponse, transactionID: Self.transactionID, attributes: [
            .software("test vector"), .xorMappedAddress(TransportAddress("192.0.2.1:32853")!),
        ])
        #expect(built.encoded(integrityKey: Self.shortTermPassword, addFingerprint: true, paddingByte: 0x20) == Self.sampleIPv4Response)
    }

    @Test func sampleIPv6ResponseParsesAndReencodes() throws {
        let message = try STUNMessage(bytes: Self.sampleIPv6Response)
        let expected = TransportAddress("[2001:db8:1234:5678:11:2233:4455:6677]:32853")!
        #expect(message.mappedAddress == expected)
        #expect(message.validatesIntegrity(key: Self.shortTermPassword))
        #expect(message.validatesFingerprint())
        let built = STUNMessage(messageClass: .successResponse, transactionID: Self.transactionID, attributes: [
            .software("test vector"), .xorMappedAddress(expected),
        ])
        #expect(built.encoded(integrityKey: Self.shortTermPassword, addFingerprint: true, paddingByte: 0x20) == Self.sampleIPv6Response)
    }

    @Test func longTermRequestVerifiesAndReencodes() throws {
        let message = try STUNMessage(bytes: Self.sampleLongTermRequest)
        #expect(message.username == "マトリックス")
        #expect(message.attributes.contains(.unknown(type: 0x0014, value: Array("example.org".utf8))))
        #expect(message.validatesIntegrity(key: Self.longTermKey))
        #expect(!message.hasFingerprint)
        #expect(!message.validatesFingerprint())
        #expect(message.encoded(integrityKey: Self.longTermKey, addFingerprint: false) == Self.sampleLongTermRequest)
    }

    @Test func typeBitsRoundTripForEveryClassAndSomeMethods() throws {
        for messageClass in [STUNMessage.Class.request, .indication, .successResponse, .errorResponse] {
            for method in [UInt16(0x001), 0x003, 0x009, 0xFFF, 0x0A5] {
                let message = STUNMessage(messageClass: messageClass, method: .init(rawValue: method), transactionID: Self.transactionID)
                let parsed = try STUNMessage(bytes: message.encoded(integrityKey: nil, addFingerprint: false))
                #expect(parsed.messageClass == messageClass)
                #expect(parsed.method.rawValue == method)
            }
        }
        // RFC 5389 section 6: a Binding success response is 0x0101, an error response 0x0111.
        let error = STUNMessage(messageClass: .errorResponse, transactionID: Self.transactionID)
        #expect(Array(error.encoded(integrityKey: nil, addFingerprint: false).prefix(2)) == [0x01, 0x11])
    }

    @Test func everyTypedAttributeRoundTrips() throws {
        var random = SeededRandom(seed: 7)
        let id = STUNTransactionID.random(using: &random)
        let attributes: [STUNAttribute] = [
            .mappedAddress(TransportAddress("10.0.0.1:1")!), .xorMappedAddress(TransportAddress("[fe80::1]:65535")!),
            .username("abcd:efgh"), .errorCode(code: 487, reason: "Role Conflict"), .priority(0x7EFF_FFFF), .useCandidate,
            .iceControlled(tieBreaker: 1), .iceControlling(tieBreaker: .max), .software("kaamos"),
            .unknown(type: 0xC057, value: [1, 2, 3]),
        ]
        let key: [UInt8] = Array("secret-password".utf8)
        let bytes = STUNMessage(messageClass: .request, transactionID: id, attributes: attributes).encoded(integrityKey: key, addFingerprint: true)
        let parsed = try STUNMessage(bytes: bytes)
        #expect(Array(parsed.attributes.prefix(attributes.count)) == attributes)
        #expect(parsed.validatesIntegrity(key: key))
        #expect(parsed.validatesFingerprint())
        #expect(parsed.errorCode?.code == 487)
        // Any single flipped bit in the covered bytes breaks the integrity code.
        for index in STUNMessage.headerLength..<(bytes.count - 32) {
            var flipped = bytes
            flipped[index] ^= 0x01
            if let tampered = try? STUNMessage(bytes: flipped) { #expect(!tampered.validatesIntegrity(key: key)) }
        }
    }

    @Test func attributesAfterIntegrityAreIgnoredButFingerprintIsKept() throws {
        let base = STUNMessage(messageClass: .request, transactionID: Self.transactionID, attributes: [.priority(5)])
        var bytes = base.encoded(integrityKey: [1, 2, 3], addFingerprint: false)
        bytes += [0x80, 0x22, 0x00, 0x04, 0x41, 0x42, 0x43, 0x44]
        bytes[3] = UInt8(bytes.count - 20)
        let parsed = try STUNMessage(bytes: bytes)
        #expect(parsed.software == nil)
        #expect(parsed.validatesIntegrity(key: [1, 2, 3]))
    }

    @Test func malformedFramingIsRejected() throws {
        let good = STUNMessage(messageClass: .request, transactionID: Self.transactionID, attributes: [.software("abc")])
            .encoded(integrityKey: nil, addFingerprint: true)
        func mutated(_ change: (inout [UInt8]) -> Void) -> [UInt8] { var copy = good; change(&copy); return copy }
        let bad: [(String, [UInt8])] = [
            ("short", Array(good.prefix(19))),
            ("truncated", Array(good.dropLast())),
            ("top bits", mutated { $0[0] |= 0x80 }),
            ("cookie", mutated { $0[4] ^= 1 }),
            ("length not multiple of 4", mutated { $0[3] += 2 }),
            ("trailing bytes", good + [0, 0, 0, 0]),
            ("attribute overrun", mutated { $0[23] = 9 }),
            ("after fingerprint", mutated { $0[3] += 4 } + [0x80, 0x22, 0, 0]),
            ("bad family", STUNMessage(messageClass: .request, transactionID: Self.transactionID,
                                       attributes: [.unknown(type: 0x0020, value: [0, 3, 0, 0, 1, 2, 3, 4])]).encoded(integrityKey: nil, addFingerprint: false)),
            ("bad priority", STUNMessage(messageClass: .request, transactionID: Self.transactionID,
                                         attributes: [.unknown(type: 0x0024, value: [1, 2])]).encoded(integrityKey: nil, addFingerprint: false)),
            ("bad utf8", STUNMessage(messageClass: .request, transactionID: Self.transactionID,
                                     attributes: [.unknown(type: 0x0006, value: [0xFF, 0xFE])]).encoded(integrityKey: nil, addFingerprint: false)),
        ]
        for (name, bytes) in bad {
            #expect(throws: ParseError.self, "\(name)") { try STUNMessage(bytes: bytes) }
        }
    }

    @Test func looksLikeSTUNFollowsRFC7983() {
        #expect(STUNMessage.looksLikeSTUN(Self.sampleRequest))
        #expect(!STUNMessage.looksLikeSTUN(Array(Self.sampleRequest.prefix(19))))
        var dtls = Self.sampleRequest
        dtls[0] = 22
        #expect(!STUNMessage.looksLikeSTUN(dtls))
        var rtp = Self.sampleRequest
        rtp[0] = 0x80
        #expect(!STUNMessage.looksLikeSTUN(rtp))
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32 check value for "123456789" is 0xCBF43926.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
