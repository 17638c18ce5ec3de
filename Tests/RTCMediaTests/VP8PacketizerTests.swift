import RTCBase
import Testing
@testable import RTCMedia

@Suite struct VP8PacketizerTests {
    @Test func splitsIntoEvenPayloadsWithinLimit() throws {
        var packetizer = VP8Packetizer(maxPayloadSize: 104, pictureID: 10)
        let frame = (0..<250).map { UInt8(truncatingIfNeeded: $0) }
        let payloads = packetizer.packetize(frame: frame)
        // 100 bytes of frame per packet -> 3 packets of 84, 83, 83.
        #expect(payloads.map(\.count) == [88, 87, 87])
        var rebuilt: [UInt8] = []
        for (index, payload) in payloads.enumerated() {
            #expect(payload.count <= 104)
            let (descriptor, size) = try VP8PayloadDescriptor.parse(payload[...])
            #expect(descriptor.isStartOfPartition == (index == 0))
            #expect(descriptor.partitionIndex == 0)
            #expect(descriptor.pictureID == 10)
            #expect(descriptor.hasLongPictureID)
            rebuilt += payload[size...]
        }
        #expect(rebuilt == frame)
        #expect(packetizer.pictureID == 11)
    }

    @Test func defaultFitsTwelveHundredBytesWithSRTP() {
        // RTP header 12 + payload + largest SRTP tag 16 must fit 1200.
        #expect(12 + VP8Packetizer.defaultMaxPayloadSize + 16 <= 1200)
        var packetizer = VP8Packetizer(pictureID: 0)
        let payloads = packetizer.packetize(frame: Array(repeating: 1, count: 10_000))
        #expect(payloads.allSatisfy { $0.count <= VP8Packetizer.defaultMaxPayloadSize })
        #expect(payloads.count == 9)  // ceil(10000 / 1168)
    }

    @Test func pictureIDWrapsAt15Bits() throws {
        var packetizer = VP8Packetizer(pictureID: 0x7FFF)
        let first = packetizer.packetize(frame: [1])
        let second = packetizer.packetize(frame: [2])
        #expect(try VP8PayloadDescriptor(bytes: first[0]).pictureID == 0x7FFF)
        #expect(first[0].prefix(4) == [0x90, 0x80, 0xFF, 0xFF])
        #expect(try VP8PayloadDescriptor(bytes: second[0]).pictureID == 0)
        #expect(second[0].prefix(4) == [0x90, 0x80, 0x80, 0x00])
    }

    @Test func emptyFrameGivesNoPackets() {
        var packetizer = VP8Packetizer(pictureID: 5)
        #expect(packetizer.packetize(frame: []).isEmpty)
        #expect(packetizer.pictureID == 5)
    }
}
