// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP SR, packet type 200 (RFC 3550 6.4.1).
public struct SenderReport: Equatable, Sendable {
    public var ssrc: UInt32
    public var ntpTime: NTPTime
    /// The same instant as `ntpTime` on the media clock.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    /// Payload octets sent (headers and padding excluded).
    public var octetCount: UInt32
    /// At most 31 (the RC field is 5 bits); serialization writes the first 31.
    public var reportBlocks: [ReportBlock]

    public init(ssrc: UInt32, ntpTime: NTPTime, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32,
                reportBlocks: [ReportBlock] = []) {
        self.ssrc = ssrc
        self.ntpTime = ntpTime
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
    }

    /// Parses one SR packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.senderReport else { throw ParseError("RTCP packet type \(header.packetType) is not a sender report") }
        try self.init(count: header.count, body: body)
    }

    init(count: UInt8, body: ArraySlice<UInt8>) throws(ParseError) {
        let start = body.startIndex
        guard body.count >= 24 else { throw ParseError("RTCP sender report body is \(body.count) bytes, shorter than 24") }
        ssrc = readUInt32(body, start)
        ntpTime = NTPTime(value: UInt64(readUInt32(body, start + 4)) << 32 | UInt64(readUInt32(body, start + 8)))
        rtpTimestamp = readUInt32(body, start + 12)
        packetCount = readUInt32(body, start + 16)
        octetCount = readUInt32(body, start + 20)
        // Anything after the blocks is a profile-specific extension (RFC 3550 6.4.1); it is skipped.
        reportBlocks = try ReportBlock.readBlocks(body, from: start + 24, count: Int(count), in: "RTCP sender report")
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let blocks = reportBlocks.prefix(31)
        out.reserveCapacity(out.count + 28 + blocks.count * ReportBlock.size)
        let start = RTCPHeader.begin(&out, count: UInt8(blocks.count), packetType: RTCPPacketType.senderReport)
        appendUInt32(&out, ssrc)
        appendUInt32(&out, ntpTime.seconds)
        appendUInt32(&out, ntpTime.fraction)
        appendUInt32(&out, rtpTimestamp)
        appendUInt32(&out, packetCount)
        appendUInt32(&out, octetCount)
        for block in blocks { block.write(to: &out) }
        RTCPHeader.finish(&out, from: start)
    }
}
