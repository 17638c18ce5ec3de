/// The fixed RTP header fields a demultiplexer needs, read in place without copying the packet.
public struct RTPHeaderPeek: Equatable, Sendable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32

    /// Reads the first 12 bytes (RFC 3550 5.1); nil when they are missing or the version is not 2.
    @inlinable
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 12 else { return nil }
        self.init(unchecked: bytes, at: 0)
    }

    /// Same as `init(_:)` on a slice (for example a datagram buffer after a TURN header).
    @inlinable
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard bytes.count >= 12 else { return nil }
        self.init(unchecked: bytes, at: bytes.startIndex)
    }

    @inlinable
    init?<C: RandomAccessCollection>(unchecked bytes: C, at start: C.Index) where C.Element == UInt8, C.Index == Int {
        guard bytes[start] >> 6 == 2 else { return nil }
        marker = bytes[start + 1] & 0x80 != 0
        payloadType = bytes[start + 1] & 0x7f
        sequenceNumber = UInt16(bytes[start + 2]) << 8 | UInt16(bytes[start + 3])
        timestamp = UInt32(bytes[start + 4]) << 24 | UInt32(bytes[start + 5]) << 16
            | UInt32(bytes[start + 6]) << 8 | UInt32(bytes[start + 7])
        ssrc = UInt32(bytes[start + 8]) << 24 | UInt32(bytes[start + 9]) << 16
            | UInt32(bytes[start + 10]) << 8 | UInt32(bytes[start + 11])
    }
}
