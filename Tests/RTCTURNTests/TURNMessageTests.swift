import RTCBase
import Testing
@testable import RTCTURN
import RTCSTUN

/// TURN attributes and methods on the wire, and the long-term credential key of RFC 5769.
@Suite struct TURNMessageTests {
    // RFC 5769 section 2.4: a request signed with long-term credentials. The RFC's password
    // "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep, which is what the key covers.
    static let longTermRequest = [UInt8](hex: """
        00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
        00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
        00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
        00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
        00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
        """)!

    @Test func longTermKeyMatchesRFC5769() throws {
        let credential = LongTermCredential(username: "マトリックス", password: "TheMatrIX")
        let key = credential.key(realm: "example.org")
        #expect(key == [UInt8](hex: "e8ca7ad59d5eb0518e312911d2dab2a9")!)
        let message = try STUNMessage(bytes: Self.longTermRequest)
        #expect(message.realm == "example.org")
        #expect(message.nonce == "f//499k954d6OL34oL9FSTvy64sA")
        #expect(message.username == "マトリックス")
        #expect(message.validatesIntegrity(key: key))
        #expect(!message.validatesIntegrity(key: credential.key(realm: "example.com")))
        // Re-signing the same content with the computed key reproduces the RFC's bytes.
        #expect(message.encoded(integrityKey: key, addFingerprint: false) == Self.longTermRequest)
    }

    @Test func longTermKeyOfAnASCIIUser() {
        // MD5("alice:kaamos:secret"), computed independently.
        #expect(LongTermCredential(username: "alice", password: "secret").key(realm: "kaamos")
            == [UInt8](hex: "4770fc8978546752196b8a51d23a3a59")!)
    }

    @Test func methodsEncodeToTheRegisteredTypes() throws {
        let id = STUNTransactionID(high: 1, low: 2)
        func type(_ messageClass: STUNMessage.Class, _ method: STUNMessage.Method) -> [UInt8] {
            Array(STUNMessage(messageClass: messageClass, method: method, transactionID: id).encoded(integrityKey: nil, addFingerprint: false).prefix(2))
        }
        // RFC 8656 section 17 with RFC 8489's class bits.
        #expect(type(.request, .allocate) == [0x00, 0x03])
        #expect(type(.successResponse, .allocate) == [0x01, 0x03])
        #expect(type(.errorResponse, .allocate) == [0x01, 0x13])
        #expect(type(.request, .refresh) == [0x00, 0x04])
        #expect(type(.indication, .send) == [0x00, 0x16])
        #expect(type(.indication, .data) == [0x00, 0x17])
        #expect(type(.request, .createPermission) == [0x00, 0x08])
        #expect(type(.request, .channelBind) == [0x00, 0x09])
        #expect(STUNMessage.Method.channelBind.turnName == "ChannelBind")
    }

    @Test func everyTURNAttributeRoundTrips() throws {
        var random = SeededRandom(seed: 11)
        let id = STUNTransactionID.random(using: &random)
        let attributes: [TURNAttribute] = [
            .requestedTransport(protocolNumber: 17), .lifetime(seconds: 600),
            .xorRelayedAddress(TransportAddress("192.0.2.15:50000")!),
            .xorPeerAddress(TransportAddress("[2001:db8::7]:3479")!),
            .data([0, 1, 2, 3, 4]), .channelNumber(0x4001), .realm("kaamos"), .nonce("abc:def"),
            .requestedAddressFamily(1), .dontFragment, .alternateServer(TransportAddress("198.51.100.1:3478")!),
        ]
        let message = STUNMessage(messageClass: .request, method: .allocate, transactionID: id,
                                  attributes: attributes.map { $0.stunAttribute(transactionID: id) })
        let parsed = try STUNMessage(bytes: message.encoded(integrityKey: [9, 9], addFingerprint: true))
        #expect(parsed.turnAttributes == attributes)
        #expect(parsed.lifetime == 600)
        #expect(parsed.xorRelayedAddress == TransportAddress("192.0.2.15:50000"))
        #expect(parsed.xorPeerAddress == TransportAddress("[2001:db8::7]:3479"))
        #expect(parsed.data == [0, 1, 2, 3, 4])
        #expect(parsed.channelNumber == 0x4001)
        #expect(parsed.realm == "kaamos")
        #expect(parsed.nonce == "abc:def")
        #expect(parsed.alternateServer == TransportAddress("198.51.100.1:3478"))
        #expect(parsed.requestedTransport == 17)
    }

    @Test func xorPeerAddressIsMaskedOnTheWire() {
        let id = STUNTransactionID(high: 0, low: 0)
        let attribute = TURNAttribute.xorPeerAddress(TransportAddress("192.0.2.1:32853")!).stunAttribute(transactionID: id)
        // RFC 5769 section 2.2's XOR-MAPPED-ADDRESS value: the same masking.
        #expect(attribute == .unknown(type: 0x0012, value: [0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43]))
    }

    @Test func malformedTURNAttributesAreErrorsAndReadAsAbsent() throws {
        let id = STUNTransactionID(high: 0, low: 1)
        #expect(throws: ParseError.self) { try TURNAttribute(.unknown(type: 0x000D, value: [1, 2]), transactionID: id) }
        #expect(throws: ParseError.self) { try TURNAttribute(.unknown(type: 0x000C, value: [0x40]), transactionID: id) }
        #expect(throws: ParseError.self) { try TURNAttribute(.unknown(type: 0x0012, value: [0, 9, 0, 0, 1, 2, 3, 4]), transactionID: id) }
        #expect(throws: ParseError.self) { try TURNAttribute(.unknown(type: 0x0014, value: [0xFF, 0xFE]), transactionID: id) }
        #expect(try TURNAttribute(.unknown(type: 0xC0DE, value: []), transactionID: id) == nil)
        #expect(try TURNAttribute(.software("x"), transactionID: id) == nil)
        let message = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: id,
                                  attributes: [.unknown(type: 0x000D, value: [1]), TURNAttribute.lifetime(seconds: 30).stunAttribute(transactionID: id)])
        #expect(try STUNMessage(bytes: message.encoded(integrityKey: nil, addFingerprint: false)).lifetime == 30)
    }

    @Test func channelDataEncodesPadsAndParses() throws {
        let message = ChannelData(channelNumber: 0x4000, payload: [1, 2, 3, 4, 5])
        #expect(message.encoded(padded: false) == [0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5])
        #expect(message.encoded(padded: true) == [0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0])
        #expect(try ChannelData(bytes: message.encoded(padded: true)) == message)
        #expect(try ChannelData(bytes: message.encoded(padded: false)) == message)
        #expect(try ChannelData(bytes: [0x4F, 0xFF, 0x00, 0x00]) == ChannelData(channelNumber: 0x4FFF, payload: []))
        #expect(ChannelData.looksLikeChannelData([0x40, 0, 0, 0]))
        #expect(!ChannelData.looksLikeChannelData([0x00, 0x01, 0, 0]))
        #expect(!ChannelData.looksLikeChannelData([0x40, 0]))
        #expect(throws: ParseError.self) { try ChannelData(bytes: [0x40, 0x00, 0x00]) }
        #expect(throws: ParseError.self) { try ChannelData(bytes: [0x40, 0x00, 0x00, 0x09, 1, 2]) }
        #expect(throws: ParseError.self) { try ChannelData(bytes: [0x80, 0x00, 0x00, 0x00]) }
        #expect(throws: ParseError.self) { try ChannelData(bytes: [0x3F, 0xFF, 0x00, 0x00]) }
    }

    @Test func demultiplexingHelperKnowsTURNTraffic() {
        let stun = STUNMessage(messageClass: .indication, method: .data, transactionID: STUNTransactionID(high: 1, low: 1))
            .encoded(integrityKey: nil, addFingerprint: false)
        #expect(TURNClient.isTURNTraffic(stun))
        #expect(TURNClient.isTURNTraffic([0x40, 0x01, 0x00, 0x00]))
        #expect(!TURNClient.isTURNTraffic([0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]))  // RTP
        #expect(!TURNClient.isTURNTraffic([22, 0xFE, 0xFD, 0, 0]))  // DTLS
    }
}
