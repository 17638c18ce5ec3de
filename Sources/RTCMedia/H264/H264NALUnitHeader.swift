/// The one-byte header that starts every H.264 NAL unit and every RFC 6184 payload structure
/// (H.264 7.3.1; RFC 6184 5.3):
///
/// ```
/// +---------------+
/// |0|1|2|3|4|5|6|7|
/// +-+-+-+-+-+-+-+-+
/// |F|NRI|  Type   |
/// +---------------+
/// ```
public struct H264NALUnitHeader: Hashable, Sendable, CustomStringConvertible {
    /// `forbidden_zero_bit`: 0 in a valid NAL unit; RFC 6184 5.3 lets a network element set it to
    /// flag bit errors or a NAL unit it could not rebuild whole.
    public var forbiddenBit: Bool
    /// `nal_ref_idc`, 0...3: 0 means no picture refers to this one (it may be dropped); RFC 6184
    /// 5.3 reuses it as a relative priority.
    public var nri: UInt8
    public var type: H264NALUnitType

    public init(forbiddenBit: Bool = false, nri: UInt8, type: H264NALUnitType) {
        self.forbiddenBit = forbiddenBit
        self.nri = nri & 0x03
        self.type = type
    }

    /// Every byte is a header; nothing can fail.
    public init(_ byte: UInt8) {
        forbiddenBit = byte & 0x80 != 0
        nri = (byte >> 5) & 0x03
        type = H264NALUnitType(rawValue: byte & 0x1F)
    }

    public var byte: UInt8 { (forbiddenBit ? 0x80 : 0) | nri << 5 | type.rawValue }

    public var description: String { "\(type) (NRI \(nri)\(forbiddenBit ? ", F set" : ""))" }
}
