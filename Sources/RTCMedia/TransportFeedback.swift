// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// RTCP transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// 3.1): PT 205, FMT 15. The receiver of a transport tells its sender, for a range of transport-wide
/// sequence numbers, which packets arrived and when, on the receiver's clock.
///
/// On the wire: base sequence number, status count, a 24-bit signed reference time in 64 ms units,
/// a feedback packet count, packet chunks (run-length or 1-/2-bit status vectors) and one receive
/// delta per received packet (1 byte unsigned or 2 bytes signed, in 250 µs units).
///
/// Parsing accepts every chunk kind, a final chunk that holds more symbols than the status count
/// leaves (they are ignored, as libwebrtc does), any trailing bytes after the deltas (padding) and a
/// status count of 0. It rejects the reserved status symbol 3 and a message without room for its
/// chunks or deltas (libwebrtc's delta-less variant is not part of this draft).
///
/// Serialization is compact (see `PacketStatusChunkEncoder`), writes a small delta when one fits,
/// and pads with zeros to 32 bits. It cannot throw, so a status it cannot encode ends the message:
/// see `writableStatusCount`. `TransportFeedbackRecorder` never builds such a message: it splits.
public struct TransportFeedback: Equatable, Sendable {
    public enum PacketStatus: Equatable, Sendable {
        case notReceived
        /// Arrival relative to the previous received packet in this message (the first: to the reference time), in 250 µs ticks.
        case received(delta: Int32)
    }

    /// A received packet and its arrival on the receiver's clock.
    public struct ReceivedPacket: Equatable, Sendable {
        public var sequenceNumber: UInt16
        /// Reference time × 64 ms plus the running sum of deltas × 250 µs. Reference times wrap
        /// every `referenceTimeWrapPeriod`; compare arrivals of different messages modulo it.
        public var arrival: Duration

        public init(sequenceNumber: UInt16, arrival: Duration) {
            self.sequenceNumber = sequenceNumber
            self.arrival = arrival
        }
    }

    static let format: UInt8 = 15

    /// What a receive delta can say, in 250 µs ticks: a 16-bit signed value (−8.192 s to +8.19175 s).
    public static let deltaRange: ClosedRange<Int32> = -32768...32767
    /// One tick of a receive delta.
    public static let deltaTick: Duration = .microseconds(250)
    /// One tick of the reference time.
    public static let referenceTimeTick: Duration = .milliseconds(64)
    /// The 24-bit reference time repeats after 2^24 × 64 ms (about 12.4 days).
    public static let referenceTimeWrapPeriod: Duration = .milliseconds(64 << 24)
    /// The status count is 16 bits.
    public static let maxStatusCount = 0xFFFF

    public var senderSSRC: UInt32
    /// Transport feedback is about the whole transport, not this source: libwebrtc puts the SSRC
    /// of some received stream here, and no one routes on it.
    public var mediaSSRC: UInt32
    public var baseSequenceNumber: UInt16
    /// 24-bit signed on the wire, in 64 ms units. A value outside −2^23..<2^23 is written modulo 2^24.
    public var referenceTime: Int32
    public var feedbackPacketCount: UInt8
    /// One status per sequence number from baseSequenceNumber on (wrapping past 65535).
    public var statuses: [PacketStatus]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, baseSequenceNumber: UInt16, referenceTime: Int32,
                feedbackPacketCount: UInt8, statuses: [PacketStatus]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.baseSequenceNumber = baseSequenceNumber
        self.referenceTime = referenceTime
        self.feedbackPacketCount = feedbackPacketCount
        self.statuses = statuses
    }

    /// The received packets with their arrival on the receiver's clock (reference time × 64 ms plus the running sum of deltas × 250 µs).
    public var receivedPackets: [ReceivedPacket] {
        var result: [ReceivedPacket] = []
        result.reserveCapacity(statuses.count)
        var ticks = Int64(referenceTime) * 256
        var sequence = baseSequenceNumber
        for status in statuses {
            if case .received(let delta) = status {
                ticks += Int64(delta)
                result.append(ReceivedPacket(sequenceNumber: sequence, arrival: .microseconds(ticks * 250)))
            }
            sequence &+= 1
        }
        return result
    }

    /// How many of `statuses` `write(to:)` encodes: all of them, unless a delta lies outside
    /// `deltaRange` (the message then ends just before it) or there are more than `maxStatusCount`.
    public var writableStatusCount: Int {
        let limit = min(statuses.count, Self.maxStatusCount)
        for index in 0..<limit {
            if case .received(let delta) = statuses[index], !Self.deltaRange.contains(delta) { return index }
        }
        return limit
    }

    // MARK: Parsing

    /// Parses one transport feedback packet, header included.
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, _) = try RTCPHeader.parse(bytes[...])
        guard header.packetType == RTCPPacketType.transportFeedback, header.count == Self.format else {
            throw ParseError("RTCP packet type \(header.packetType) format \(header.count) is not a transport-wide feedback")
        }
        try self.init(body: body)
    }

    init(body: ArraySlice<UInt8>) throws(ParseError) {
        let start = body.startIndex
        let end = body.endIndex
        guard body.count >= 16 else { throw ParseError("RTCP transport feedback is \(body.count + 4) bytes, shorter than 20") }
        senderSSRC = readUInt32(body, start)
        mediaSSRC = readUInt32(body, start + 4)
        baseSequenceNumber = readUInt16(body, start + 8)
        let count = Int(readUInt16(body, start + 10))
        // Sign-extend the 24-bit reference time.
        referenceTime = Int32(bitPattern: readUInt24(body, start + 12) << 8) >> 8
        feedbackPacketCount = body[start + 15]

        // 3.1.1: chunks until every status is known. Each chunk takes 2 bytes, so a lying count
        // runs out of bytes long before it costs much.
        var symbols: [UInt8] = []
        symbols.reserveCapacity(count)
        var index = start + 16
        while symbols.count < count {
            guard end - index >= 2 else {
                throw ParseError("RTCP transport feedback ends after \(symbols.count) of \(count) packet statuses")
            }
            let chunk = readUInt16(body, index)
            let remaining = count - symbols.count
            if chunk & 0x8000 == 0 {
                // 3.1.3 run length chunk.
                let symbol = UInt8(chunk >> 13 & 3)
                let run = min(Int(chunk & 0x1FFF), remaining)
                if run > 0, symbol == 3 { throw Self.reservedSymbol(at: symbols.count) }
                symbols.append(contentsOf: repeatElement(symbol, count: run))
            } else if chunk & 0x4000 == 0 {
                // 3.1.4 status vector chunk, 14 one-bit symbols: 1 is received with a small delta.
                for i in 0..<min(PacketStatusChunkEncoder.oneBitCapacity, remaining) {
                    symbols.append(UInt8(chunk >> (13 - UInt16(i)) & 1))
                }
            } else {
                // 3.1.4 status vector chunk, 7 two-bit symbols.
                for i in 0..<min(PacketStatusChunkEncoder.twoBitCapacity, remaining) {
                    let symbol = UInt8(chunk >> (12 - 2 * UInt16(i)) & 3)
                    if symbol == 3 { throw Self.reservedSymbol(at: symbols.count) }
                    symbols.append(symbol)
                }
            }
            index += 2
        }

        // 3.1.5: one receive delta per received packet, in status order.
        var statuses: [PacketStatus] = []
        statuses.reserveCapacity(count)
        for symbol in symbols {
            switch symbol {
            case PacketStatusChunkEncoder.smallDelta:
                guard index < end else { throw Self.missingDelta(at: statuses.count, of: count) }
                statuses.append(.received(delta: Int32(body[index])))
                index += 1
            case PacketStatusChunkEncoder.largeDelta:
                guard end - index >= 2 else { throw Self.missingDelta(at: statuses.count, of: count) }
                statuses.append(.received(delta: Int32(Int16(bitPattern: readUInt16(body, index)))))
                index += 2
            default:
                statuses.append(.notReceived)
            }
        }
        self.statuses = statuses
    }

    private static func reservedSymbol(at status: Int) -> ParseError {
        ParseError("RTCP transport feedback uses the reserved packet status symbol 3 for status \(status)")
    }

    private static func missingDelta(at status: Int, of count: Int) -> ParseError {
        ParseError("RTCP transport feedback ends before the receive delta of status \(status) of \(count)")
    }

    // MARK: Serialization

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// Appends the packet to `out`: the first `writableStatusCount` statuses.
    func write(to out: inout [UInt8]) {
        let count = writableStatusCount
        let written = statuses[..<count]
        var encoder = PacketStatusChunkEncoder(keepsChunks: true)
        var deltaBytes = 0
        for status in written {
            let symbol = Self.symbol(for: status)
            encoder.append(symbol)
            deltaBytes += Int(symbol)
        }
        encoder.finish()

        out.reserveCapacity(out.count + 20 + encoder.encodedSize + deltaBytes + 3)
        let start = RTCPHeader.begin(&out, count: Self.format, packetType: RTCPPacketType.transportFeedback)
        appendUInt32(&out, senderSSRC)
        appendUInt32(&out, mediaSSRC)
        appendUInt16(&out, baseSequenceNumber)
        appendUInt16(&out, UInt16(count))
        appendUInt24(&out, UInt32(bitPattern: referenceTime) & 0xFF_FFFF)
        out.append(feedbackPacketCount)
        for chunk in encoder.chunks { appendUInt16(&out, chunk) }
        for case .received(let delta) in written {
            if delta >= 0, delta <= 0xFF {
                out.append(UInt8(delta))
            } else {
                appendUInt16(&out, UInt16(bitPattern: Int16(delta)))
            }
        }
        RTCPHeader.finish(&out, from: start)
    }

    /// The 2-bit status symbol for `status`, which is also the size of its receive delta in bytes.
    static func symbol(for status: PacketStatus) -> UInt8 {
        switch status {
        case .notReceived: return PacketStatusChunkEncoder.notReceived
        case .received(let delta) where delta >= 0 && delta <= 0xFF: return PacketStatusChunkEncoder.smallDelta
        case .received: return PacketStatusChunkEncoder.largeDelta
        }
    }

    /// Bytes of a serialized message with this many chunk and delta bytes: header, SSRCs and the
    /// fixed fields (20), then padding to 32 bits.
    static func serializedSize(chunkBytes: Int, deltaBytes: Int) -> Int {
        (20 + chunkBytes + deltaBytes + 3) / 4 * 4
    }
}
