import RTCBase
import Testing
@testable import RTCMedia

/// The transport-wide sequence number header extension value
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 2).
@Suite struct TransportSequenceNumberTests {
    @Test func valueCodec() throws {
        #expect(TransportSequenceNumber.encode(0x1234) == [0x12, 0x34])
        #expect(try TransportSequenceNumber.parse([0xFF, 0xFE][...]) == 65534)
        for bad: [UInt8] in [[], [1], [0, 1, 0, 0]] {
            #expect(throws: ParseError("transport-wide sequence number extension is \(bad.count) bytes, expected 2")) {
                try TransportSequenceNumber.parse(bad[...])
            }
        }
        #expect(TransportSequenceNumber.uri == "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01")
    }

    @Test func throughAnRTPPacket() throws {
        var packet = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: [9, 9])
        #expect(packet.transportSequenceNumber(extensionID: 3) == nil)
        packet.setTransportSequenceNumber(65535, extensionID: 3)
        packet.setTransportSequenceNumber(7, extensionID: 3)
        let bytes = packet.serialized()
        // One-byte form (RFC 8285 4.2): 0xBEDE, one word, ID 3 with L=1, the value, padding.
        #expect(Array(bytes[12..<20]) == hex("BE DE 00 01 31 00 07 00"))
        let parsed = try RTPPacket(bytes: bytes)
        #expect(parsed.transportSequenceNumber(extensionID: 3) == 7)
        #expect(parsed.transportSequenceNumber(extensionID: 4) == nil)
        // A value of the wrong size is not a sequence number.
        var odd = parsed
        odd.setExtension(id: 3, data: [1, 2, 3])
        #expect(odd.transportSequenceNumber(extensionID: 3) == nil)
    }
}
