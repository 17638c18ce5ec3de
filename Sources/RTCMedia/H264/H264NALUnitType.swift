/// The 5-bit `nal_unit_type` of an H.264 NAL unit header (ITU-T H.264 Table 7-1), with the
/// values RFC 6184 5.4 (Table 1) gives the RTP payload structures.
///
/// A struct rather than an enum: every 5-bit value is legal on the wire, and an unknown type must
/// pass through the packetizer and the assembler unchanged.
public struct H264NALUnitType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// 0...31.
    public let rawValue: UInt8

    /// Keeps the low 5 bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x1F }

    /// Coded slice of a non-IDR picture.
    public static let slice = H264NALUnitType(rawValue: 1)
    /// Coded slice data partitions A, B and C (Extended profile only).
    public static let dataPartitionA = H264NALUnitType(rawValue: 2)
    public static let dataPartitionB = H264NALUnitType(rawValue: 3)
    public static let dataPartitionC = H264NALUnitType(rawValue: 4)
    /// Coded slice of an IDR picture: decodable with no earlier picture (a keyframe).
    public static let idrSlice = H264NALUnitType(rawValue: 5)
    /// Supplemental enhancement information.
    public static let sei = H264NALUnitType(rawValue: 6)
    /// Sequence parameter set.
    public static let sps = H264NALUnitType(rawValue: 7)
    /// Picture parameter set.
    public static let pps = H264NALUnitType(rawValue: 8)
    /// Access unit delimiter: when present, the first NAL unit of an access unit.
    public static let accessUnitDelimiter = H264NALUnitType(rawValue: 9)
    public static let endOfSequence = H264NALUnitType(rawValue: 10)
    public static let endOfStream = H264NALUnitType(rawValue: 11)
    public static let fillerData = H264NALUnitType(rawValue: 12)

    /// RFC 6184 5.7.1: single-time aggregation packet, the only aggregation allowed in
    /// packetization-mode 1.
    public static let stapA = H264NALUnitType(rawValue: 24)
    /// RFC 6184 5.7.1/5.7.2: STAP-B, MTAP16, MTAP24 (interleaved mode only).
    public static let stapB = H264NALUnitType(rawValue: 25)
    public static let mtap16 = H264NALUnitType(rawValue: 26)
    public static let mtap24 = H264NALUnitType(rawValue: 27)
    /// RFC 6184 5.8: fragmentation unit without decoding order number.
    public static let fuA = H264NALUnitType(rawValue: 28)
    /// RFC 6184 5.8: fragmentation unit with decoding order number (interleaved mode only).
    public static let fuB = H264NALUnitType(rawValue: 29)

    /// Types 1...5: slices, which carry the picture (H.264 7.4.1.2.1 "VCL NAL units").
    public var isVideoCodingLayer: Bool { (1...5).contains(rawValue) }

    /// Types 1...23: an H.264 NAL unit, carried as such in a single NAL unit packet
    /// (RFC 6184 5.6); 24...29 are RTP payload structures and 0, 30, 31 are undefined.
    public var isSingleNALUnit: Bool { (1...23).contains(rawValue) }

    public var description: String {
        switch rawValue {
        case 1: "slice"
        case 2: "data partition A"
        case 3: "data partition B"
        case 4: "data partition C"
        case 5: "IDR slice"
        case 6: "SEI"
        case 7: "SPS"
        case 8: "PPS"
        case 9: "access unit delimiter"
        case 10: "end of sequence"
        case 11: "end of stream"
        case 12: "filler data"
        case 24: "STAP-A"
        case 25: "STAP-B"
        case 26: "MTAP16"
        case 27: "MTAP24"
        case 28: "FU-A"
        case 29: "FU-B"
        default: "NAL unit type \(rawValue)"
        }
    }
}
