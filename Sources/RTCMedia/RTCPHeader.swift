// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The 4-byte header every RTCP packet starts with (RFC 3550 6.4.1):
/// V=2, P, a 5-bit count or feedback format, the packet type, and the length in 32-bit words
/// minus one.
struct RTCPHeader {
    var count: UInt8
    var packetType: UInt8
    /// Bytes of the whole packet, header included.
    var totalLength: Int

    /// Splits the first packet off `bytes`: returns its header, its body (after the 4-byte
    /// header, padding removed) and the whole packet.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> (header: RTCPHeader, body: ArraySlice<UInt8>, packet: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        guard bytes.count >= 4 else { throw ParseError("RTCP packet is \(bytes.count) bytes, shorter than its 4-byte header") }
        let first = bytes[start]
        guard first >> 6 == 2 else { throw ParseError("RTCP version is \(first >> 6), expected 2") }
        let length = (Int(readUInt16(bytes, start + 2)) + 1) * 4
        guard length <= bytes.count else {
            throw ParseError("RTCP packet type \(bytes[start + 1]) claims \(length) bytes, only \(bytes.count) left")
        }
        let packet = bytes[start..<start + length]
        var bodyEnd = packet.endIndex
        if first & 0x20 != 0 {
            // RFC 3550 6.4.1: the last octet counts the padding, itself included.
            let padding = Int(packet[packet.endIndex - 1])
            guard padding > 0, padding <= length - 4 else {
                throw ParseError("RTCP padding count \(padding) does not fit a \(length)-byte packet")
            }
            bodyEnd -= padding
        }
        let header = RTCPHeader(count: first & 0x1f, packetType: bytes[start + 1], totalLength: length)
        return (header, packet[(start + 4)..<bodyEnd], packet)
    }

    /// Appends a header whose length is patched by `finish(_:from:)` once the body is written.
    static func begin(_ out: inout [UInt8], count: UInt8, packetType: UInt8) -> Int {
        let start = out.count
        out.append(2 << 6 | count & 0x1f)
        out.append(packetType)
        out.append(0)
        out.append(0)
        return start
    }

    /// Pads the body to a 32-bit boundary with zeros and writes the length field.
    static func finish(_ out: inout [UInt8], from start: Int) {
        while (out.count - start) % 4 != 0 { out.append(0) }
        let words = UInt16(truncatingIfNeeded: (out.count - start) / 4 - 1)
        out[start + 2] = UInt8(words >> 8)
        out[start + 3] = UInt8(truncatingIfNeeded: words)
    }
}

/// RTCP packet types (RFC 3550 12.1, RFC 4585 6.1).
enum RTCPPacketType {
    static let senderReport: UInt8 = 200
    static let receiverReport: UInt8 = 201
    static let sourceDescription: UInt8 = 202
    static let goodbye: UInt8 = 203
    static let transportFeedback: UInt8 = 205
    static let payloadFeedback: UInt8 = 206
}
