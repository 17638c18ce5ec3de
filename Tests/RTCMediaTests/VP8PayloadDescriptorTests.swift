import RTCBase
import Testing
@testable import RTCMedia

/// Descriptors laid out by hand from RFC 7741 4.2 and the stream examples of RFC 7741 4.6.
@Suite struct VP8PayloadDescriptorTests {
    private func check(_ bytes: [UInt8], _ expected: VP8PayloadDescriptor, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (descriptor, size) = try VP8PayloadDescriptor.parse(bytes[...] + [0xAB])
        #expect(descriptor == expected, sourceLocation: sourceLocation)
        #expect(size == bytes.count, sourceLocation: sourceLocation)
        #expect(expected.size == bytes.count, sourceLocation: sourceLocation)
        #expect(expected.serialized() == bytes, sourceLocation: sourceLocation)
    }

    @Test func keyFrameWithoutExtensions() throws {
        // 4.6.1: a simple key frame, X=0 N=0 S=1 PID=0.
        try check([0x10], VP8PayloadDescriptor(isStartOfPartition: true, hasLongPictureID: false))
    }

    @Test func sevenBitPictureID() throws {
        // 4.6.2: non-discardable frame, X=1 S=1, I=1 M=0 PictureID 17.
        try check([0x90, 0x80, 0x11], VP8PayloadDescriptor(isStartOfPartition: true, pictureID: 17, hasLongPictureID: false))
    }

    @Test func partitionsAndFragments() throws {
        // 4.6.3/4.6.4: second partition starts a packet (S=1 PID=1); a continuation has S=0.
        try check([0x11], VP8PayloadDescriptor(isStartOfPartition: true, partitionIndex: 1, hasLongPictureID: false))
        try check([0x01], VP8PayloadDescriptor(isStartOfPartition: false, partitionIndex: 1, hasLongPictureID: false))
        try check([0x07], VP8PayloadDescriptor(isStartOfPartition: false, partitionIndex: 7, hasLongPictureID: false))
        #expect(!VP8PayloadDescriptor(isStartOfPartition: true, partitionIndex: 1).isStartOfFrame)
        #expect(VP8PayloadDescriptor(isStartOfPartition: true).isStartOfFrame)
    }

    @Test func fifteenBitPictureID() throws {
        // 4.6.5: PictureID 4711 = 0x1267 in the 15-bit form: M bit then 0x12, 0x67.
        try check([0x90, 0x80, 0x92, 0x67], VP8PayloadDescriptor(isStartOfPartition: true, pictureID: 4711))
    }

    @Test func temporalScalabilityFields() throws {
        // X N=1 PID=2 | I L T K | M PictureID 0x7FFF | TL0PICIDX 5 | TID=2 Y=1 KEYIDX=3.
        try check([0xA2, 0xF0, 0xFF, 0xFF, 0x05, 0xA3], VP8PayloadDescriptor(
            isNonReference: true, isStartOfPartition: false, partitionIndex: 2, pictureID: 0x7FFF,
            tl0PictureIndex: 5, temporalLayer: 2, isLayerSync: true, keyIndex: 3))
        // K without T: the TID and Y bits are not meaningful.
        try check([0x80, 0x10, 0x1F], VP8PayloadDescriptor(isStartOfPartition: false, hasLongPictureID: false, keyIndex: 31))
        // T without K.
        try check([0x90, 0x20, 0xC0], VP8PayloadDescriptor(isStartOfPartition: true, hasLongPictureID: false, temporalLayer: 3))
        // L alone.
        try check([0x90, 0x40, 0x2A], VP8PayloadDescriptor(isStartOfPartition: true, hasLongPictureID: false, tl0PictureIndex: 42))
    }

    @Test func kIgnoresTIDBits() throws {
        let descriptor = try VP8PayloadDescriptor(bytes: [0x80, 0x10, 0xE5])
        #expect(descriptor.temporalLayer == nil)
        #expect(!descriptor.isLayerSync)
        #expect(descriptor.keyIndex == 5)
    }

    @Test func truncatedDescriptorsThrow() {
        for bytes: [UInt8] in [[], [0x80], [0x80, 0x80], [0x80, 0x80, 0x80], [0x80, 0x40], [0x80, 0x20], [0x80, 0x10], [0x80, 0xF0, 0x81, 0x00, 0x01]] {
            #expect(throws: ParseError.self, "\(bytes.hexString)") { try VP8PayloadDescriptor(bytes: bytes) }
        }
    }

    @Test func randomDescriptorsRoundTrip() throws {
        var random = SeededRandom(seed: 3)
        for _ in 0..<5000 {
            let hasPicture = random.chance(0.6)
            let long = hasPicture && random.chance(0.5)
            let hasTID = random.chance(0.3)
            let descriptor = VP8PayloadDescriptor(
                isNonReference: random.chance(0.5), isStartOfPartition: random.chance(0.5),
                partitionIndex: UInt8(random.int(below: 8)),
                pictureID: hasPicture ? UInt16(random.int(below: long ? 0x8000 : 0x80)) : nil,
                hasLongPictureID: long, tl0PictureIndex: random.chance(0.3) ? UInt8(random.int(below: 256)) : nil,
                temporalLayer: hasTID ? UInt8(random.int(below: 4)) : nil, isLayerSync: hasTID && random.chance(0.5),
                keyIndex: random.chance(0.3) ? UInt8(random.int(below: 32)) : nil)
            let bytes = descriptor.serialized()
            #expect(bytes.count == descriptor.size)
            let (parsed, size) = try VP8PayloadDescriptor.parse(bytes[...])
            #expect(parsed == descriptor)
            #expect(size == bytes.count)
        }
    }
}
