// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP payload-specific feedback, Full Intra Request (RFC 5104 4.3.1): PT 206, FMT 4.
///
/// Each FCI entry names a media sender and a command sequence number, so a sender can tell a
/// repeated request from a new one.
public struct FullIntraRequest: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var ssrc: UInt32
        public var sequenceNumber: UInt8

        public init(ssrc: UInt32, sequenceNumber: UInt8) {
            self.ssrc = ssrc
            self.sequenceNumber = sequenceNumber
        }
    }

    static let format: UInt8 = 4

    public var senderSSRC: UInt32
    /// RFC 5104 4.3.1.2: unused, set to 0 by senders; kept for round trips.
    public var mediaSSRC: UInt32
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// Parses one FIR packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.payloadFeedback, header.count == Self.format else {
            throw ParseError("RTCP packet type \(header.packetType) format \(header.count) is not a full intra request")
        }
        try self.init(body: body)
    }

    init(body: ArraySlice<UInt8>) throws(ParseError) {
        let start = body.startIndex
        guard body.count >= 8 else { throw ParseError("RTCP full intra request is \(body.count + 4) bytes, shorter than 12") }
        senderSSRC = readUInt32(body, start)
        mediaSSRC = readUInt32(body, start + 4)
        guard (body.count - 8) % 8 == 0 else { throw ParseError("RTCP full intra request has \(body.count - 8) FCI bytes, not a multiple of 8") }
        let count = (body.count - 8) / 8
        entries = []
        entries.reserveCapacity(count)
        for i in 0..<count {
            let index = start + 8 + 8 * i
            entries.append(Entry(ssrc: readUInt32(body, index), sequenceNumber: body[index + 4]))
        }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 12 + 8 * entries.count)
        let start = RTCPHeader.begin(&out, count: Self.format, packetType: RTCPPacketType.payloadFeedback)
        appendUInt32(&out, senderSSRC)
        appendUInt32(&out, mediaSSRC)
        for entry in entries {
            appendUInt32(&out, entry.ssrc)
            out.append(entry.sequenceNumber)
            out.append(contentsOf: [0, 0, 0])
        }
        RTCPHeader.finish(&out, from: start)
    }
}
