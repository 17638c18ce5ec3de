import RTCBase
import Testing
@testable import RTCMedia

/// Laid out by hand from the RFC diagram, then back.
@Suite struct GenericNACKTests {
    @Test func genericNACK() throws {
        // RFC 4585 6.2.1: FMT=1 PT=205 | sender | media | PID 100, BLP 0b101 (101 and 103 lost).
        let bytes = hex("81 CD 00 03 11 11 11 11 22 22 22 22 00 64 00 05")
        let nack = try GenericNACK(bytes: bytes)
        #expect(nack.senderSSRC == 0x1111_1111)
        #expect(nack.mediaSSRC == 0x2222_2222)
        #expect(nack.entries == [.init(packetID: 100, lostBitmask: 5)])
        #expect(nack.lostSequenceNumbers == [100, 101, 103])
        #expect(GenericNACK(senderSSRC: 0x1111_1111, mediaSSRC: 0x2222_2222, lostSequenceNumbers: [100, 101, 103]) == nack)
        #expect(nack.serialized() == bytes)
    }

    @Test func nackPackingAcrossWrapAndGaps() {
        let lost: [UInt16] = [65530, 65535, 0, 10, 11, 27, 28, 500]
        let nack = GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: lost)
        // 65530 covers up to 65530+16 = 10 (wrapping); 11 starts a new entry covering 27; 28; 500.
        let expected: [GenericNACK.Entry] = [
            GenericNACK.Entry(packetID: 65530, lostBitmask: 0b1000_0000_0011_0000),
            GenericNACK.Entry(packetID: 11, lostBitmask: 0b1000_0000_0000_0000),
            GenericNACK.Entry(packetID: 28, lostBitmask: 0),
            GenericNACK.Entry(packetID: 500, lostBitmask: 0),
        ]
        #expect(nack.entries == expected)
        #expect(nack.lostSequenceNumbers == lost)
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            var sequence = UInt16(truncatingIfNeeded: random.next())
            var list: [UInt16] = []
            for _ in 0..<random.int(below: 60) {
                sequence &+= UInt16(1 + random.int(below: 20))
                list.append(sequence)
            }
            let packed = GenericNACK(senderSSRC: 0, mediaSSRC: 0, lostSequenceNumbers: list)
            #expect(packed.lostSequenceNumbers == list)
            #expect(packed.entries.count <= list.count)
        }
    }
}
