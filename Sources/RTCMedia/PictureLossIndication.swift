// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP payload-specific feedback, Picture Loss Indication (RFC 4585 6.3.1): PT 206, FMT 1, no FCI.
/// The receiver asks the sender of `mediaSSRC` for a keyframe.
public struct PictureLossIndication: Equatable, Sendable {
    static let format: UInt8 = 1

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32

    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    /// Parses one PLI packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.payloadFeedback, header.count == Self.format else {
            throw ParseError("RTCP packet type \(header.packetType) format \(header.count) is not a picture loss indication")
        }
        try self.init(body: body)
    }

    init(body: ArraySlice<UInt8>) throws(ParseError) {
        guard body.count >= 8 else { throw ParseError("RTCP picture loss indication is \(body.count + 4) bytes, shorter than 12") }
        senderSSRC = readUInt32(body, body.startIndex)
        mediaSSRC = readUInt32(body, body.startIndex + 4)
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let start = RTCPHeader.begin(&out, count: Self.format, packetType: RTCPPacketType.payloadFeedback)
        appendUInt32(&out, senderSSRC)
        appendUInt32(&out, mediaSSRC)
        RTCPHeader.finish(&out, from: start)
    }
}
