// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP transport-layer feedback, generic NACK (RFC 4585 6.2.1): PT 205, FMT 1.
///
/// Each FCI entry names one lost packet (PID) and a bitmask of the 16 following ones (BLP, bit i
/// set means PID + i + 1 is lost too).
public struct GenericNACK: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var packetID: UInt16
        public var lostBitmask: UInt16

        public init(packetID: UInt16, lostBitmask: UInt16) {
            self.packetID = packetID
            self.lostBitmask = lostBitmask
        }
    }

    static let format: UInt8 = 1

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// Packs lost sequence numbers, given in sequence order (oldest first, possibly wrapping past
    /// 65535), into as few PID/BLP entries as a greedy pass allows.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, lostSequenceNumbers: [UInt16]) {
        var entries: [Entry] = []
        for sequence in lostSequenceNumbers {
            if var last = entries.last {
                // Wrapping distance, so 65535 followed by 0 lands in the same entry.
                let distance = sequence &- last.packetID
                if distance == 0 { continue }
                if distance <= 16 {
                    last.lostBitmask |= 1 << (distance - 1)
                    entries[entries.count - 1] = last
                    continue
                }
            }
            entries.append(Entry(packetID: sequence, lostBitmask: 0))
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, entries: entries)
    }

    /// Every sequence number the entries name, in entry order (wrapping past 65535).
    public var lostSequenceNumbers: [UInt16] {
        var result: [UInt16] = []
        result.reserveCapacity(entries.count * 2)
        for entry in entries {
            result.append(entry.packetID)
            var mask = entry.lostBitmask
            var offset: UInt16 = 1
            while mask != 0 {
                if mask & 1 != 0 { result.append(entry.packetID &+ offset) }
                mask >>= 1
                offset += 1
            }
        }
        return result
    }

    /// Parses one generic NACK packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.transportFeedback, header.count == Self.format else {
            throw ParseError("RTCP packet type \(header.packetType) format \(header.count) is not a generic NACK")
        }
        try self.init(body: body)
    }

    init(body: ArraySlice<UInt8>) throws(ParseError) {
        let start = body.startIndex
        guard body.count >= 12 else { throw ParseError("RTCP generic NACK is \(body.count + 4) bytes, shorter than 16") }
        senderSSRC = readUInt32(body, start)
        mediaSSRC = readUInt32(body, start + 4)
        let count = (body.count - 8) / 4
        entries = []
        entries.reserveCapacity(count)
        for i in 0..<count {
            let index = start + 8 + 4 * i
            entries.append(Entry(packetID: readUInt16(body, index), lostBitmask: readUInt16(body, index + 2)))
        }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 12 + 4 * entries.count)
        let start = RTCPHeader.begin(&out, count: Self.format, packetType: RTCPPacketType.transportFeedback)
        appendUInt32(&out, senderSSRC)
        appendUInt32(&out, mediaSSRC)
        for entry in entries {
            appendUInt16(&out, entry.packetID)
            appendUInt16(&out, entry.lostBitmask)
        }
        RTCPHeader.finish(&out, from: start)
    }
}
