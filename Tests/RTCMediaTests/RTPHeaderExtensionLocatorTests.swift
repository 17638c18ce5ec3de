import RTCBase
import Testing
@testable import RTCMedia

@Suite struct RTPHeaderExtensionLocatorTests {
    func packet(extensions: [RTPHeaderExtension]) -> [UInt8] {
        RTPPacket(marker: false, payloadType: 96, sequenceNumber: 7, timestamp: 9, ssrc: 0x1234_5678,
                  extensions: extensions, payload: [1, 2, 3][...]).serialized()
    }

    @Test func findsAndRewritesAValueInTheOneByteForm() throws {
        var bytes = packet(extensions: [RTPHeaderExtension(id: 4, data: Array("0".utf8)),
                                        RTPHeaderExtension(id: 3, data: [0, 0])])
        #expect(RTPHeaderExtensionLocator.write(0xABCD, to: 3, in: &bytes))
        let parsed = try RTPPacket(bytes: bytes)
        #expect(parsed.extension(id: 3).map(Array.init) == [0xAB, 0xCD])
        #expect(parsed.extension(id: 4).map(Array.init) == Array("0".utf8))
        #expect(Array(parsed.payload) == [1, 2, 3])
    }

    @Test func findsAValueInTheTwoByteForm() throws {
        // A 17-byte value forces the two-byte form for every element.
        var bytes = packet(extensions: [RTPHeaderExtension(id: 5, data: [UInt8](repeating: 9, count: 17)),
                                        RTPHeaderExtension(id: 3, data: [0, 0])])
        #expect(RTPHeaderExtensionLocator.write(513, to: 3, in: &bytes))
        #expect(try RTPPacket(bytes: bytes).extension(id: 3).map(Array.init) == [2, 1])
    }

    @Test func refusesMissingOrMisSizedElementsAndBrokenPackets() {
        var bytes = packet(extensions: [RTPHeaderExtension(id: 4, data: [1])])
        #expect(!RTPHeaderExtensionLocator.write(1, to: 3, in: &bytes))
        #expect(!RTPHeaderExtensionLocator.write(1, to: 4, in: &bytes))
        var plain = packet(extensions: [])
        #expect(!RTPHeaderExtensionLocator.write(1, to: 3, in: &plain))
        for length in 0..<bytes.count {
            var truncated = Array(bytes.prefix(length))
            _ = RTPHeaderExtensionLocator.write(1, to: 4, in: &truncated)
        }
    }
}
