// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP SDES, packet type 202 (RFC 3550 6.5): per source, a list of text items such as CNAME.
public struct SourceDescription: Equatable, Sendable {
    /// RFC 3550 6.5 item types.
    public enum ItemType {
        public static let cname: UInt8 = 1
        public static let name: UInt8 = 2
        public static let email: UInt8 = 3
        public static let phone: UInt8 = 4
        public static let location: UInt8 = 5
        public static let tool: UInt8 = 6
        public static let note: UInt8 = 7
        public static let priv: UInt8 = 8
    }

    public struct Item: Equatable, Sendable {
        /// 1...255 (0 ends a chunk's list on the wire).
        public var type: UInt8
        /// UTF-8 text, at most 255 bytes (serialization truncates).
        public var value: [UInt8]

        public init(type: UInt8, value: [UInt8]) {
            self.type = type
            self.value = value
        }

        public init(type: UInt8, text: String) {
            self.init(type: type, value: Array(text.utf8))
        }

        public var text: String { String(decoding: value, as: UTF8.self) }
    }

    public struct Chunk: Equatable, Sendable {
        public var ssrc: UInt32
        public var items: [Item]

        public init(ssrc: UInt32, items: [Item]) {
            self.ssrc = ssrc
            self.items = items
        }

        public var cname: String? { items.first { $0.type == ItemType.cname }?.text }
    }

    /// At most 31 (the SC field is 5 bits); serialization writes the first 31.
    public var chunks: [Chunk]

    public init(chunks: [Chunk]) { self.chunks = chunks }

    /// The usual WebRTC SDES: one chunk with a CNAME.
    public init(ssrc: UInt32, cname: String) {
        self.init(chunks: [Chunk(ssrc: ssrc, items: [Item(type: ItemType.cname, text: cname)])])
    }

    /// Parses one SDES packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.sourceDescription else { throw ParseError("RTCP packet type \(header.packetType) is not a source description") }
        try self.init(count: header.count, body: body)
    }

    init(count: UInt8, body: ArraySlice<UInt8>) throws(ParseError) {
        chunks = []
        chunks.reserveCapacity(Int(count))
        var index = body.startIndex
        for _ in 0..<count {
            let chunkStart = index
            guard body.endIndex - index >= 4 else { throw ParseError("RTCP source description ends before chunk \(chunks.count + 1) of \(count)") }
            var chunk = Chunk(ssrc: readUInt32(body, index), items: [])
            index += 4
            while true {
                guard index < body.endIndex else { throw ParseError("RTCP source description chunk for \(chunk.ssrc) has no end-of-list octet") }
                let type = body[index]
                if type == 0 {
                    // The null octet ends the list; more nulls pad the chunk to a 32-bit boundary.
                    index += 1
                    let aligned = chunkStart + (index - chunkStart + 3) / 4 * 4
                    index = min(aligned, body.endIndex)
                    break
                }
                guard body.endIndex - index >= 2 else { throw ParseError("RTCP source description item \(type) has no length octet") }
                let length = Int(body[index + 1])
                index += 2
                guard body.endIndex - index >= length else { throw ParseError("RTCP source description item \(type) claims \(length) bytes, \(body.endIndex - index) left") }
                chunk.items.append(Item(type: type, value: Array(body[index..<index + length])))
                index += length
            }
            chunks.append(chunk)
        }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        let written = chunks.prefix(31)
        let start = RTCPHeader.begin(&out, count: UInt8(written.count), packetType: RTCPPacketType.sourceDescription)
        for chunk in written {
            let chunkStart = out.count
            appendUInt32(&out, chunk.ssrc)
            for item in chunk.items where item.type != 0 {
                let value = item.value.prefix(255)
                out.append(item.type)
                out.append(UInt8(value.count))
                out.append(contentsOf: value)
            }
            // At least one null octet, then pad to a 32-bit boundary.
            out.append(0)
            while (out.count - chunkStart) % 4 != 0 { out.append(0) }
        }
        RTCPHeader.finish(&out, from: start)
    }
}
