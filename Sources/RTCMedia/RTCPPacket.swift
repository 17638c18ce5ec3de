// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// One packet of a compound RTCP packet (RFC 3550 6.1), with the feedback types WebRTC uses
/// (RFC 4585, RFC 5104, REMB).
public enum RTCPPacket: Equatable, Sendable {
    case senderReport(SenderReport)
    case receiverReport(ReceiverReport)
    case sourceDescription(SourceDescription)
    case goodbye(Goodbye)
    case genericNACK(GenericNACK)
    case pictureLossIndication(PictureLossIndication)
    case fullIntraRequest(FullIntraRequest)
    case remb(REMB)
    /// Transport-wide congestion control feedback (PT 205, FMT 15).
    case transportFeedback(TransportFeedback)
    /// Any other packet type or feedback format, the whole packet as received.
    case unknown(packetType: UInt8, bytes: [UInt8])

    /// Splits and parses a compound packet. Every packet must have version 2, a length that fits,
    /// and (when the P bit is set) a padding count that fits; the first error rejects the whole
    /// datagram, as RFC 3550 A.2 asks.
    public static func parseCompound(_ bytes: [UInt8]) throws(ParseError) -> [RTCPPacket] {
        try parseCompound(bytes[...])
    }

    public static func parseCompound(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> [RTCPPacket] {
        guard !bytes.isEmpty else { throw ParseError("RTCP compound packet is empty") }
        var packets: [RTCPPacket] = []
        var rest = bytes
        while !rest.isEmpty {
            let (header, body, whole) = try RTCPHeader.parse(rest)
            packets.append(try RTCPPacket(header: header, body: body, whole: whole))
            rest = rest[whole.endIndex...]
        }
        return packets
    }

    /// Parses a single packet (the first one of `bytes`; anything after it is ignored).
    public init(bytes: [UInt8]) throws(ParseError) {
        let (header, body, whole) = try RTCPHeader.parse(bytes[...])
        try self.init(header: header, body: body, whole: whole)
    }

    init(header: RTCPHeader, body: ArraySlice<UInt8>, whole: ArraySlice<UInt8>) throws(ParseError) {
        switch (header.packetType, header.count) {
        case (RTCPPacketType.senderReport, _):
            self = .senderReport(try SenderReport(count: header.count, body: body))
        case (RTCPPacketType.receiverReport, _):
            self = .receiverReport(try ReceiverReport(count: header.count, body: body))
        case (RTCPPacketType.sourceDescription, _):
            self = .sourceDescription(try SourceDescription(count: header.count, body: body))
        case (RTCPPacketType.goodbye, _):
            self = .goodbye(try Goodbye(count: header.count, body: body))
        case (RTCPPacketType.transportFeedback, GenericNACK.format):
            self = .genericNACK(try GenericNACK(body: body))
        case (RTCPPacketType.transportFeedback, TransportFeedback.format):
            self = .transportFeedback(try TransportFeedback(body: body))
        case (RTCPPacketType.payloadFeedback, PictureLossIndication.format):
            self = .pictureLossIndication(try PictureLossIndication(body: body))
        case (RTCPPacketType.payloadFeedback, FullIntraRequest.format):
            self = .fullIntraRequest(try FullIntraRequest(body: body))
        case (RTCPPacketType.payloadFeedback, REMB.format) where REMB.matches(body):
            self = .remb(try REMB(body: body))
        default:
            self = .unknown(packetType: header.packetType, bytes: Array(whole))
        }
    }

    /// The SSRC of the packet's sender, for routing (nil for BYE, which lists sources, and for
    /// unparsed packets).
    public var senderSSRC: UInt32? {
        switch self {
        case .senderReport(let packet): return packet.ssrc
        case .receiverReport(let packet): return packet.ssrc
        case .sourceDescription(let packet): return packet.chunks.first?.ssrc
        case .genericNACK(let packet): return packet.senderSSRC
        case .pictureLossIndication(let packet): return packet.senderSSRC
        case .fullIntraRequest(let packet): return packet.senderSSRC
        case .remb(let packet): return packet.senderSSRC
        case .transportFeedback(let packet): return packet.senderSSRC
        case .goodbye, .unknown: return nil
        }
    }

    /// The media sources the packet is about: report block sources, the NACK or PLI target,
    /// FIR entries, REMB sources. An SFU forwards feedback to the senders of these.
    ///
    /// Empty for transport feedback: it reports on the transport-wide sequence numbers of one leg
    /// (one transport), which mean nothing on another, so an SFU must consume it and never forward
    /// it to a publisher. Its `mediaSSRC` is whichever stream the receiver picked, not a target.
    public var mediaSSRCs: [UInt32] {
        switch self {
        case .senderReport(let packet): return packet.reportBlocks.map(\.ssrc)
        case .receiverReport(let packet): return packet.reportBlocks.map(\.ssrc)
        case .genericNACK(let packet): return [packet.mediaSSRC]
        case .pictureLossIndication(let packet): return [packet.mediaSSRC]
        case .fullIntraRequest(let packet): return packet.entries.map(\.ssrc)
        case .remb(let packet): return packet.ssrcs
        case .sourceDescription, .goodbye, .transportFeedback, .unknown: return []
        }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// Appends the packet to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .senderReport(let packet): packet.write(to: &out)
        case .receiverReport(let packet): packet.write(to: &out)
        case .sourceDescription(let packet): packet.write(to: &out)
        case .goodbye(let packet): packet.write(to: &out)
        case .genericNACK(let packet): packet.write(to: &out)
        case .pictureLossIndication(let packet): packet.write(to: &out)
        case .fullIntraRequest(let packet): packet.write(to: &out)
        case .remb(let packet): packet.write(to: &out)
        case .transportFeedback(let packet): packet.write(to: &out)
        case .unknown(_, let bytes): out.append(contentsOf: bytes)
        }
    }

    /// Concatenates packets into one compound packet (RFC 3550 6.1). Putting an SR or RR first
    /// is the caller's job; RFC 5506 reduced-size RTCP allows a lone feedback packet.
    public static func serializeCompound(_ packets: [RTCPPacket]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(packets.count * 32)
        for packet in packets { packet.write(to: &out) }
        return out
    }
}
