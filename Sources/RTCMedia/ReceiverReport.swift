// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP RR, packet type 201 (RFC 3550 6.4.2).
public struct ReceiverReport: Equatable, Sendable {
    /// The reporting receiver.
    public var ssrc: UInt32
    /// At most 31 (the RC field is 5 bits); serialization writes the first 31.
    public var reportBlocks: [ReportBlock]

    public init(ssrc: UInt32, reportBlocks: [ReportBlock] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
    }

    /// Parses one RR packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.receiverReport else { throw ParseError("RTCP packet type \(header.packetType) is not a receiver report") }
        try self.init(count: header.count, body: body)
    }

    init(count: UInt8, body: ArraySlice<UInt8>) throws(ParseError) {
        guard body.count >= 4 else { throw ParseError("RTCP receiver report body is \(body.count) bytes, shorter than 4") }
        ssrc = readUInt32(body, body.startIndex)
        reportBlocks = try ReportBlock.readBlocks(body, from: body.startIndex + 4, count: Int(count), in: "RTCP receiver report")
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let blocks = reportBlocks.prefix(31)
        out.reserveCapacity(out.count + 8 + blocks.count * ReportBlock.size)
        let start = RTCPHeader.begin(&out, count: UInt8(blocks.count), packetType: RTCPPacketType.receiverReport)
        appendUInt32(&out, ssrc)
        for block in blocks { block.write(to: &out) }
        RTCPHeader.finish(&out, from: start)
    }
}
