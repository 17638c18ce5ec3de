// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Splits VP8 frames into RTP payloads (RFC 7741 4), each with a payload descriptor carrying a
/// 15-bit picture ID that advances by one per frame.
public struct VP8Packetizer: Sendable {
    /// Largest RTP payload (descriptor included) this packetizer makes.
    ///
    /// Budget: 1200 bytes of UDP payload, the size every WebRTC stack assumes passes any path.
    /// 1200 - 12 (RTP fixed header) - 16 (SRTP tag of AEAD_AES_128_GCM; HMAC-SHA1-80 needs 10)
    /// = 1172. A payload of 1180 would fit only with an overhead of 20 bytes or less, which
    /// neither SRTP profile WebRTC uses gives. Senders that add header extensions must subtract
    /// their size (for example 8 bytes for transport-cc plus abs-send-time in one-byte form).
    public static let defaultMaxPayloadSize = 1200 - 12 - 16

    /// The descriptor this packetizer writes: X, I with the 15-bit picture ID (4 bytes).
    static let descriptorSize = 4

    public var maxPayloadSize: Int
    /// The picture ID the next frame gets, 0...0x7FFF.
    public private(set) var pictureID: UInt16

    /// `pictureID` is the first frame's; RFC 7741 4.2 suggests a random start.
    public init(maxPayloadSize: Int = defaultMaxPayloadSize, pictureID: UInt16 = .random(in: 0...0x7FFF)) {
        self.maxPayloadSize = maxPayloadSize
        self.pictureID = pictureID & 0x7FFF
    }

    /// The RTP payloads for one encoded frame, in order; the caller sets the marker bit on the
    /// last one and gives all of them the frame's timestamp. An empty frame yields no payloads.
    public mutating func packetize(frame: [UInt8]) -> [[UInt8]] {
        guard !frame.isEmpty else { return [] }
        let capacity = max(1, maxPayloadSize - Self.descriptorSize)
        let count = (frame.count + capacity - 1) / capacity
        // Equal-sized pieces rather than full ones and a runt: the same packet count, and no
        // tiny last packet.
        let base = frame.count / count
        let extra = frame.count % count
        var payloads: [[UInt8]] = []
        payloads.reserveCapacity(count)
        var offset = 0
        for index in 0..<count {
            let length = base + (index < extra ? 1 : 0)
            let descriptor = VP8PayloadDescriptor(
                isStartOfPartition: index == 0, partitionIndex: 0, pictureID: pictureID, hasLongPictureID: true)
            var payload: [UInt8] = []
            payload.reserveCapacity(Self.descriptorSize + length)
            descriptor.write(to: &payload)
            payload.append(contentsOf: frame[offset..<offset + length])
            payloads.append(payload)
            offset += length
        }
        pictureID = (pictureID &+ 1) & 0x7FFF
        return payloads
    }
}
