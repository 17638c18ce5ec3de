import RTCBase
import RTCSTUN

/// Cuts a TCP or TLS byte stream from a TURN server into whole STUN and ChannelData messages
/// (RFC 8656 section 12.5): STUN carries its length in its header, ChannelData its unpadded length
/// and is padded to a multiple of 4 on streams.
///
/// A byte stream cannot resynchronise after garbage, so a first byte that starts neither kind of
/// message is an error and the connection is beyond saving.
public struct TURNStreamFramer: Sendable {
    public enum Frame: Hashable, Sendable {
        case stun([UInt8])
        case channelData([UInt8])
    }

    private var buffer: [UInt8] = []
    private var head = 0

    public init() {}

    /// Bytes received and not yet returned as a frame.
    public var bufferedCount: Int { buffer.count - head }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Drop what was consumed before growing, so a long-lived connection's buffer stays small.
        if head > 0, head >= buffer.count / 2 {
            buffer.removeFirst(head)
            head = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, nil when more bytes are needed, an error when the stream is corrupt.
    public mutating func nextFrame() throws -> Frame? {
        guard bufferedCount >= 4 else { return nil }
        let first = buffer[head]
        let length = Int(buffer[head + 2]) << 8 | Int(buffer[head + 3])
        switch first & 0xC0 {
        case 0x00:
            let total = STUNMessage.headerLength + length
            guard length % 4 == 0 else {
                throw ParseError("stream from the TURN server is corrupt: STUN length \(length) is not a multiple of 4")
            }
            if bufferedCount >= 8 {
                let cookie = buffer[(head + 4)..<(head + 8)]
                guard cookie.elementsEqual([0x21, 0x12, 0xA4, 0x42]) else {
                    throw ParseError("stream from the TURN server is corrupt: a STUN header lacks the magic cookie")
                }
            }
            guard bufferedCount >= total else { return nil }
            return .stun(take(total))
        case 0x40:
            let total = ChannelData.headerLength + length + (4 - length % 4) % 4
            guard bufferedCount >= total else { return nil }
            return .channelData(take(total))
        default:
            throw ParseError("stream from the TURN server is corrupt: byte 0x\(String(first, radix: 16)) starts neither STUN nor ChannelData")
        }
    }

    private mutating func take(_ count: Int) -> [UInt8] {
        defer { head += count }
        return Array(buffer[head..<(head + count)])
    }
}
