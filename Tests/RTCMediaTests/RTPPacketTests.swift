import RTCBase
import Testing
@testable import RTCMedia

@Suite struct RTPPacketTests {
    /// V=2 X=1 CC=0 | M=1 PT=96 | seq 0x1234 | ts 0x1000 | ssrc 0xDEADBEEF |
    /// one-byte extensions: id 1 = AA, id 2 = BB CC, then zero padding | payload 01 02 03.
    let oneByteExample = hex("90 E0 12 34 00 00 10 00 DE AD BE EF BE DE 00 02 10 AA 21 BB CC 00 00 00 01 02 03")

    @Test func parsesFixedHeaderAndOneByteExtensions() throws {
        let packet = try RTPPacket(bytes: oneByteExample)
        #expect(packet.marker)
        #expect(packet.payloadType == 96)
        #expect(packet.sequenceNumber == 0x1234)
        #expect(packet.timestamp == 0x1000)
        #expect(packet.ssrc == 0xDEAD_BEEF)
        #expect(packet.csrcs.isEmpty)
        #expect(packet.extensions == [RTPHeaderExtension(id: 1, data: [0xAA]), RTPHeaderExtension(id: 2, data: [0xBB, 0xCC])])
        #expect(packet.extension(id: 2) == [0xBB, 0xCC])
        #expect(packet.extension(id: 3) == nil)
        #expect(Array(packet.payload) == [1, 2, 3])
        #expect(packet.serialized() == oneByteExample)
    }

    @Test func parsesTwoByteExtensions() throws {
        // Profile 0x1000 (appbits 0): id 5 = AA BB, id 3 empty, one padding byte.
        let bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 10 00 00 02 05 02 AA BB 03 00 00 00 FF")
        let packet = try RTPPacket(bytes: bytes)
        #expect(packet.extensions == [RTPHeaderExtension(id: 5, data: [0xAA, 0xBB]), RTPHeaderExtension(id: 3, data: [])])
        #expect(Array(packet.payload) == [0xFF])
        // An empty value forces the two-byte form on the way out too.
        #expect(packet.serialized() == bytes)
    }

    @Test func longOrHighIDExtensionsUseTwoByteForm() throws {
        var packet = RTPPacket(payloadType: 111, sequenceNumber: 7, timestamp: 960, ssrc: 1, payload: [9])
        packet.setExtension(id: 1, data: [1])
        #expect(packet.serialized()[12...13] == [0xBE, 0xDE])
        packet.setExtension(id: 20, data: Array(repeating: 7, count: 20))
        let bytes = packet.serialized()
        #expect(bytes[12...13] == [0x10, 0x00])
        #expect(try RTPPacket(bytes: bytes) == packet)
        packet.setExtension(id: 1, data: [2, 3])
        #expect(packet.extension(id: 1) == [2, 3])
        #expect(packet.extensions.count == 2)
        packet.removeExtension(id: 20)
        #expect(packet.serialized()[12...13] == [0xBE, 0xDE])
    }

    @Test func stripsPaddingAndKeepsItsSize() throws {
        let bytes = hex("A0 00 00 05 00 00 00 00 00 00 00 01 01 02 00 00 03")
        let packet = try RTPPacket(bytes: bytes)
        #expect(Array(packet.payload) == [1, 2])
        #expect(packet.paddingSize == 3)
        #expect(packet.serialized() == bytes)
    }

    @Test func csrcsRoundTrip() throws {
        let packet = RTPPacket(marker: false, payloadType: 0, sequenceNumber: 65535, timestamp: .max, ssrc: 5,
                               csrcs: [1, 0xFFFF_FFFF], payload: [])
        let bytes = packet.serialized()
        #expect(bytes[0] == 0x82)
        #expect(bytes.count == 20)
        #expect(try RTPPacket(bytes: bytes) == packet)
    }

    @Test func rejectsBadHeaders() {
        #expect(throws: ParseError.self) { try RTPPacket(bytes: []) }
        #expect(throws: ParseError.self) { try RTPPacket(bytes: Array(oneByteExample.prefix(11))) }
        var wrongVersion = oneByteExample
        wrongVersion[0] = 0x50
        #expect(throws: ParseError.self) { try RTPPacket(bytes: wrongVersion) }
        // Extension length claims more words than there are.
        var longExtension = oneByteExample
        longExtension[15] = 9
        #expect(throws: ParseError.self) { try RTPPacket(bytes: longExtension) }
        // CC = 15 with no CSRCs present.
        #expect(throws: ParseError.self) { try RTPPacket(bytes: hex("8F 00 00 00 00 00 00 00 00 00 00 00")) }
        // Padding count 0, and padding larger than the payload.
        #expect(throws: ParseError.self) { try RTPPacket(bytes: hex("A0 00 00 00 00 00 00 00 00 00 00 00 01 00")) }
        #expect(throws: ParseError.self) { try RTPPacket(bytes: hex("A0 00 00 00 00 00 00 00 00 00 00 00 01 05")) }
        // One-byte element longer than the block.
        #expect(throws: ParseError.self) { try RTPPacket(bytes: hex("90 00 00 00 00 00 00 00 00 00 00 00 BE DE 00 01 1F 00 00 00")) }
    }

    @Test func oneByteID15StopsParsing() throws {
        let packet = try RTPPacket(bytes: hex("90 00 00 00 00 00 00 00 00 00 00 00 BE DE 00 01 10 AA F0 BB"))
        #expect(packet.extensions == [RTPHeaderExtension(id: 1, data: [0xAA])])
    }

    @Test func unknownExtensionProfileIsSkipped() throws {
        let packet = try RTPPacket(bytes: hex("90 00 00 00 00 00 00 00 00 00 00 00 AB CD 00 01 01 02 03 04 77"))
        #expect(packet.extensions.isEmpty)
        #expect(Array(packet.payload) == [0x77])
    }

    @Test func headerPeekMatchesParse() throws {
        let peek = try #require(RTPHeaderPeek(oneByteExample))
        #expect(peek.marker)
        #expect(peek.payloadType == 96)
        #expect(peek.sequenceNumber == 0x1234)
        #expect(peek.timestamp == 0x1000)
        #expect(peek.ssrc == 0xDEAD_BEEF)
        #expect(RTPHeaderPeek(oneByteExample[4...]) == nil)  // version bits of byte 4 are 0
        #expect(RTPHeaderPeek(Array(oneByteExample.prefix(11))) == nil)
        let slice = ([0xFF] + oneByteExample)[1...]
        #expect(RTPHeaderPeek(slice) == peek)
    }

    @Test func rtcpDemuxByPayloadTypeRange() {
        #expect(RTPPacket.isRTCP(hex("80 C8 00 06")))    // SR
        #expect(RTPPacket.isRTCP(hex("81 CD 00 03")))    // RTPFB
        #expect(RTPPacket.isRTCP(hex("80 DF")))          // 223
        #expect(!RTPPacket.isRTCP(oneByteExample))       // PT 96 with marker = 0xE0
        #expect(!RTPPacket.isRTCP(hex("80 6F")))         // PT 111
        #expect(!RTPPacket.isRTCP(hex("80 BF")))         // 191
        #expect(!RTPPacket.isRTCP(hex("80 E0")))         // 224
        #expect(!RTPPacket.isRTCP([0x80]))
        // Slices are read from their own start, not from index 0.
        #expect(RTPPacket.isRTCP(hex("00 80 C9")[1...]))
        #expect(!RTPPacket.isRTCP(hex("C9 80 60")[1...]))
    }

    @Test func randomPacketsRoundTrip() throws {
        var random = SeededRandom(seed: 1)
        for _ in 0..<2000 {
            var packet = RTPPacket(
                marker: random.chance(0.5), payloadType: UInt8(random.int(below: 128)),
                sequenceNumber: UInt16(truncatingIfNeeded: random.next()), timestamp: UInt32(truncatingIfNeeded: random.next()),
                ssrc: UInt32(truncatingIfNeeded: random.next()),
                csrcs: (0..<random.int(below: 16)).map { _ in UInt32(truncatingIfNeeded: random.next()) },
                payload: random.bytes(random.int(below: 300)), paddingSize: random.chance(0.2) ? UInt8(1 + random.int(below: 255)) : 0)
            let twoByte = random.chance(0.3)
            for id in 1...UInt8(1 + random.int(below: 5)) {
                let length = twoByte ? random.int(below: 40) : 1 + random.int(below: 16)
                packet.setExtension(id: twoByte ? id * 40 : id, data: random.bytes(length))
            }
            let bytes = packet.serialized()
            #expect(bytes.count == packet.headerSize + packet.payload.count + Int(packet.paddingSize))
            #expect(try RTPPacket(bytes: bytes) == packet)
        }
    }

    @Test func extensionIDZeroIsNeverWritten() throws {
        // ID 0 is padding on the wire; writing it would corrupt the block.
        let packet = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3,
                               extensions: [RTPHeaderExtension(id: 0, data: [1]), RTPHeaderExtension(id: 4, data: [9])], payload: [7])
        let parsed = try RTPPacket(bytes: packet.serialized())
        #expect(parsed.extensions == [RTPHeaderExtension(id: 4, data: [9])])
        #expect(Array(parsed.payload) == [7])
        #expect(packet.serialized().count == packet.headerSize + 1)
    }
}
