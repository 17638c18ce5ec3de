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
        guard let peek = bytes.withUnsafeBufferPointer({ Self(buffer: $0) }) else { return nil }
        self = peek
    }

    /// Same as `init(_:)` on a slice (for example a datagram buffer after a TURN header).
    @inlinable
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let peek = bytes.withUnsafeBufferPointer({ Self(buffer: $0) }) else { return nil }
        self = peek
    }

    /// Reads from raw memory once the length is checked: the demux path runs per datagram, and
    /// per-byte bounds checks cost more than the reads.
    @inlinable
    public init?(buffer: UnsafeBufferPointer<UInt8>) {
        guard buffer.count >= 12, let base = buffer.baseAddress, base[0] >> 6 == 2 else { return nil }
        marker = base[1] & 0x80 != 0
        payloadType = base[1] & 0x7f
        sequenceNumber = UInt16(base[2]) << 8 | UInt16(base[3])
        timestamp = UInt32(base[4]) << 24 | UInt32(base[5]) << 16 | UInt32(base[6]) << 8 | UInt32(base[7])
        ssrc = UInt32(base[8]) << 24 | UInt32(base[9]) << 16 | UInt32(base[10]) << 8 | UInt32(base[11])
    }
}
