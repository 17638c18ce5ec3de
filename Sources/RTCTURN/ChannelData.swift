import RTCBase

/// A ChannelData message (RFC 8656 section 12.4): a 4-byte header, channel number and length,
/// then the application data. It carries a peer's payload with 4 bytes of overhead instead of the
/// 36 or more of a Send or Data indication.
public struct ChannelData: Hashable, Sendable {
    /// RFC 8656 section 12: the numbers a client may bind (RFC 5766 allowed up to 0x7FFF).
    public static let bindableChannelNumbers: ClosedRange<UInt16> = 0x4000...0x4FFF
    /// What the first two bits 0b01 can carry; received messages are accepted in this whole range so
    /// that an RFC 5766 server's numbers still parse.
    public static let receivableChannelNumbers: ClosedRange<UInt16> = 0x4000...0x7FFF
    public static let headerLength = 4

    public var channelNumber: UInt16
    public var payload: [UInt8]

    public init(channelNumber: UInt16, payload: [UInt8]) {
        self.channelNumber = channelNumber
        self.payload = payload
    }

    /// Parses one ChannelData message. Bytes past the length field are padding and ignored (over UDP
    /// a sender may pad or not; over a stream the framer has already cut the message).
    public init<C: Collection>(bytes: C) throws where C.Element == UInt8 {
        var reader = ByteReader(Array(bytes))
        guard bytes.count >= Self.headerLength else {
            throw ParseError("ChannelData message is \(bytes.count) bytes long, shorter than its 4-byte header")
        }
        let number = try reader.readUInt16()
        guard Self.receivableChannelNumbers.contains(number) else {
            throw ParseError("ChannelData channel number 0x\(String(number, radix: 16)) is outside 0x4000...0x7FFF")
        }
        let length = Int(try reader.readUInt16())
        guard length <= reader.remaining else {
            throw ParseError("ChannelData length field says \(length) bytes but only \(reader.remaining) follow")
        }
        channelNumber = number
        payload = Array(try reader.readBytes(length))
    }

    /// The message bytes; `padded` rounds the length up to a multiple of 4, which RFC 8656 section
    /// 12.5 requires over TCP and TLS (the length field still gives the unpadded payload length).
    public func encoded(padded: Bool) -> [UInt8] {
        let length = min(payload.count, Int(UInt16.max))
        var writer = ByteWriter(capacity: Self.headerLength + length + 3)
        writer.write(channelNumber)
        writer.write(UInt16(length))
        writer.write(bytes: payload.prefix(length))
        if padded { writer.writeZeros((4 - length % 4) % 4) }
        return writer.bytes
    }

    /// RFC 7983 section 7 / RFC 8656 section 12: the first two bits 0b01 mark ChannelData.
    public static func looksLikeChannelData<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.count >= headerLength, let first = bytes.first else { return false }
        return first & 0xC0 == 0x40
    }
}
