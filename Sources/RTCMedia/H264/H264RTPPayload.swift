// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The payload of one RTP packet of an H.264 stream in packetization-mode 1 (non-interleaved,
/// RFC 6184 5.2, 6.3), parsed without copying: the NAL units are slices of the input.
public enum H264RTPPayload: Equatable, Sendable {
    /// RFC 6184 5.6: a single NAL unit packet, the NAL unit whole (header byte first).
    case single(ArraySlice<UInt8>)
    /// RFC 6184 5.7.1: a STAP-A, the NAL units it aggregates, in order.
    case aggregation([ArraySlice<UInt8>])
    /// RFC 6184 5.8: an FU-A, a piece of one NAL unit.
    case fragment(H264FragmentationUnit)
    /// NAL unit types 0, 30 and 31, which RFC 6184 5.4 leaves undefined and a receiver ignores.
    case ignored(H264NALUnitType)

    /// The size field in front of each NAL unit of a STAP-A.
    public static let aggregationSizeField = 2

    /// Reads one RTP payload; throws on an empty payload, on the interleaved-mode structures
    /// (STAP-B, MTAP16, MTAP24, FU-B: not allowed in packetization-mode 1, RFC 6184 6.3), and
    /// on a STAP-A whose sizes do not add up to its length.
    public init(parsing payload: ArraySlice<UInt8>) throws(ParseError) {
        guard let first = payload.first else { throw ParseError("H.264 RTP payload is empty") }
        let type = H264NALUnitHeader(first).type
        switch type.rawValue {
        case 1...23:
            self = .single(payload)
        case 24:
            self = .aggregation(try Self.parseAggregation(payload))
        case 28:
            self = .fragment(try H264FragmentationUnit(parsing: payload))
        case 25...27, 29:
            throw ParseError("H.264 \(type) packets belong to the interleaved packetization-mode 2, not mode 1")
        default:
            self = .ignored(type)
        }
    }

    /// RFC 6184 5.7.1: after the STAP-A header, each NAL unit follows its 16-bit size; the sizes
    /// must cover the payload exactly, and each unit must be a non-empty NAL unit of type 1...23.
    static func parseAggregation(_ payload: ArraySlice<UInt8>) throws(ParseError) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var index = payload.startIndex + 1
        let end = payload.endIndex
        while index < end {
            guard end - index >= aggregationSizeField else {
                throw ParseError("H.264 STAP-A ends inside a NAL unit size field")
            }
            let size = Int(readUInt16(payload, index))
            index += aggregationSizeField
            guard size > 0 else { throw ParseError("H.264 STAP-A holds an empty NAL unit") }
            guard size <= end - index else {
                throw ParseError("H.264 STAP-A NAL unit claims \(size) bytes, \(end - index) left")
            }
            let unit = payload[index..<index + size]
            let type = H264NALUnitHeader(unit[unit.startIndex]).type
            guard type.isSingleNALUnit else {
                throw ParseError("H.264 STAP-A aggregates a unit of type \(type.rawValue), not a NAL unit type 1...23")
            }
            units.append(unit)
            index += size
        }
        guard !units.isEmpty else { throw ParseError("H.264 STAP-A aggregates no NAL unit") }
        return units
    }

    /// The header byte of the payload: the NAL unit's, the STAP-A's or the FU indicator. Its F
    /// bit is the OR of the F bits of everything inside (RFC 6184 5.3, 5.7, 5.8).
    public static func payloadHeader(_ payload: ArraySlice<UInt8>) -> H264NALUnitHeader? {
        payload.first.map(H264NALUnitHeader.init)
    }

    /// Whether a NAL unit inside has `forbidden_zero_bit` set: bit errors, or a NAL unit a
    /// network element could not rebuild whole (RFC 6184 5.3).
    public var hasForbiddenBit: Bool {
        switch self {
        case let .single(unit): H264NALUnitHeader(unit[unit.startIndex]).forbiddenBit
        case let .aggregation(units): units.contains { H264NALUnitHeader($0[$0.startIndex]).forbiddenBit }
        case let .fragment(fragment): fragment.nalUnitHeader.forbiddenBit
        case .ignored: false
        }
    }

    /// Whether the payload carries (the start of) a NAL unit of `type`.
    public func contains(_ type: H264NALUnitType) -> Bool {
        switch self {
        case let .single(unit): H264NALUnitHeader(unit[unit.startIndex]).type == type
        case let .aggregation(units): units.contains { H264NALUnitHeader($0[$0.startIndex]).type == type }
        case let .fragment(fragment): fragment.isStart && fragment.nalUnitHeader.type == type
        case .ignored: false
        }
    }

    /// Whether the payload may be the first packet of an access unit (H.264 7.4.1.2.3): it leads
    /// with a NAL unit that can only come before the first slice of a picture (an access unit
    /// delimiter, SEI, SPS, PPS, or types 13...18), or with a slice whose `first_mb_in_slice` is 0
    /// (the first slice of a picture). Lets a receiver place the start of a frame whose previous
    /// packet is missing: what was lost before such a packet can only have been SEI or parameter
    /// sets, never a part of the picture.
    public var beginsAccessUnit: Bool {
        switch self {
        case let .single(unit): Self.beginsAccessUnit(header: H264NALUnitHeader(unit[unit.startIndex]), rest: unit.dropFirst())
        case let .aggregation(units): Self.beginsAccessUnit(header: H264NALUnitHeader(units[0][units[0].startIndex]), rest: units[0].dropFirst())
        case let .fragment(fragment): fragment.isStart && Self.beginsAccessUnit(header: fragment.nalUnitHeader, rest: fragment.data)
        case .ignored: false
        }
    }

    private static func beginsAccessUnit(header: H264NALUnitHeader, rest: ArraySlice<UInt8>) -> Bool {
        switch header.type.rawValue {
        case 6...9, 13...18: true
        // first_mb_in_slice is the first field of the slice header, ue(v): 0 is the single bit 1.
        case 1, 2, 5: rest.first.map { $0 & 0x80 != 0 } ?? false
        default: false
        }
    }

    /// Whether an RTP payload starts a keyframe: it carries a sequence parameter set or the
    /// start of an IDR slice. A forwarder that waits for a keyframe before sending a stream to a
    /// new receiver (or after a PLI) can start at the first packet for which this is true, without
    /// assembling frames; false for anything that does not parse.
    public static func startsKeyframe(_ payload: ArraySlice<UInt8>) -> Bool {
        guard let parsed = try? H264RTPPayload(parsing: payload) else { return false }
        return parsed.contains(.sps) || parsed.contains(.idrSlice)
    }

    public static func startsKeyframe(_ payload: [UInt8]) -> Bool { startsKeyframe(payload[...]) }
}
