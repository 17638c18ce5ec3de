// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP BYE, packet type 203 (RFC 3550 6.6): the listed sources are leaving.
public struct Goodbye: Equatable, Sendable {
    /// At most 31 (the SC field is 5 bits); serialization writes the first 31.
    public var sources: [UInt32]
    /// Optional reason text, at most 255 bytes (serialization truncates).
    public var reason: [UInt8]?

    public init(sources: [UInt32], reason: String? = nil) {
        self.sources = sources
        self.reason = reason.map { Array($0.utf8) }
    }

    public var reasonText: String? { reason.map { String(decoding: $0, as: UTF8.self) } }

    /// Parses one BYE packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.goodbye else { throw ParseError("RTCP packet type \(header.packetType) is not a goodbye") }
        try self.init(count: header.count, body: body)
    }

    init(count: UInt8, body: ArraySlice<UInt8>) throws(ParseError) {
        let needed = Int(count) * 4
        guard body.count >= needed else { throw ParseError("RTCP goodbye announces \(count) sources but has \(body.count) bytes") }
        sources = (0..<Int(count)).map { readUInt32(body, body.startIndex + 4 * $0) }
        let rest = body.dropFirst(needed)
        if let length = rest.first {
            guard rest.count - 1 >= Int(length) else { throw ParseError("RTCP goodbye reason claims \(length) bytes, \(rest.count - 1) left") }
            reason = Array(rest.dropFirst().prefix(Int(length)))
        } else {
            reason = nil
        }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let written = sources.prefix(31)
        let start = RTCPHeader.begin(&out, count: UInt8(written.count), packetType: RTCPPacketType.goodbye)
        for ssrc in written { appendUInt32(&out, ssrc) }
        if let reason {
            let text = reason.prefix(255)
            out.append(UInt8(text.count))
            out.append(contentsOf: text)
        }
        RTCPHeader.finish(&out, from: start)
    }
}
