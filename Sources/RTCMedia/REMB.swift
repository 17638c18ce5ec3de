// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb 2.2): an application-layer
/// feedback message, PT 206, FMT 15, identified by the ASCII "REMB" after the media SSRC.
public struct REMB: Equatable, Sendable {
    static let format: UInt8 = 15
    static let identifier: [UInt8] = Array("REMB".utf8)

    public var senderSSRC: UInt32
    /// The draft says 0 here; kept for round trips.
    public var mediaSSRC: UInt32
    /// Bits per second. On the wire it is an 18-bit mantissa times 2^exponent, so serialization
    /// rounds it down to 18 significant bits.
    public var bitrate: UInt64
    /// At most 255 (an 8-bit count); serialization writes the first 255.
    public var ssrcs: [UInt32]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, bitrate: UInt64, ssrcs: [UInt32]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.bitrate = bitrate
        self.ssrcs = ssrcs
    }

    /// Parses one REMB packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.payloadFeedback, header.count == Self.format else {
            throw ParseError("RTCP packet type \(header.packetType) format \(header.count) is not an application feedback")
        }
        try self.init(body: body)
    }

    /// True when an application-layer feedback body carries the "REMB" identifier.
    static func matches(_ body: ArraySlice<UInt8>) -> Bool {
        body.count >= 12 && body.dropFirst(8).prefix(4).elementsEqual(identifier)
    }

    init(body: ArraySlice<UInt8>) throws(ParseError) {
        let start = body.startIndex
        guard body.count >= 16 else { throw ParseError("RTCP REMB is \(body.count + 4) bytes, shorter than 20") }
        guard Self.matches(body) else { throw ParseError("RTCP application feedback does not carry the REMB identifier") }
        senderSSRC = readUInt32(body, start)
        mediaSSRC = readUInt32(body, start + 4)
        let count = Int(body[start + 12])
        let exponent = body[start + 13] >> 2
        let mantissa = UInt64(readUInt24(body, start + 13) & 0x3_FFFF)
        // 18 bits shifted by up to 63 overflows 64 bits: saturate instead of trapping.
        if mantissa != 0, mantissa.leadingZeroBitCount < Int(exponent) {
            bitrate = .max
        } else {
            bitrate = mantissa << UInt64(exponent)
        }
        guard body.count - 16 >= count * 4 else { throw ParseError("RTCP REMB announces \(count) SSRCs but has room for \((body.count - 16) / 4)") }
        ssrcs = (0..<count).map { readUInt32(body, start + 16 + 4 * $0) }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let written = ssrcs.prefix(255)
        let start = RTCPHeader.begin(&out, count: Self.format, packetType: RTCPPacketType.payloadFeedback)
        appendUInt32(&out, senderSSRC)
        appendUInt32(&out, mediaSSRC)
        out.append(contentsOf: Self.identifier)
        out.append(UInt8(written.count))
        var exponent: UInt32 = 0
        var mantissa = bitrate
        while mantissa > 0x3_FFFF {
            mantissa >>= 1
            exponent += 1
        }
        appendUInt24(&out, exponent << 18 | UInt32(mantissa))
        for ssrc in written { appendUInt32(&out, ssrc) }
        RTCPHeader.finish(&out, from: start)
    }
}
