// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The fields of an H.264 sequence parameter set (H.264 7.3.2.1.1) up to the picture size: what
/// a receiver needs to know what it is about to decode, and what `profile-level-id` copies.
/// Parsing stops before the VUI.
public struct H264SequenceParameterSet: Equatable, Sendable {
    /// The first three bytes after the NAL unit header, as RFC 6184 8.1 `profile-level-id` names them.
    public var profileLevelID: H264ProfileLevelID
    public var id: UInt32
    /// 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4; 1 unless a High profile says otherwise.
    public var chromaFormat: UInt32
    /// Displayed size: coded macroblocks less the cropping rectangle.
    public var width: Int
    public var height: Int
    /// `frame_mbs_only_flag`: no interlaced (field) coding.
    public var isProgressive: Bool

    /// Pictures larger than this are refused as implausible (H.264 level 6.2 allows 139264
    /// macroblocks, 8192x4320 at most); the limit keeps the size arithmetic far from overflow.
    public static let maxMacroblocks = 139_264

    /// `nalUnit` is the whole NAL unit, header byte first (type 7).
    public init(nalUnit: ArraySlice<UInt8>) throws(ParseError) {
        guard let first = nalUnit.first, H264NALUnitHeader(first).type == .sps else {
            throw ParseError("not an H.264 sequence parameter set")
        }
        var reader = H264BitReader(nalUnit.dropFirst())
        let profile = UInt8(try reader.readBits(8))
        let constraints = UInt8(try reader.readBits(8))
        let level = UInt8(try reader.readBits(8))
        profileLevelID = H264ProfileLevelID(profileIDC: profile, profileIOP: constraints, levelIDC: level)
        id = try reader.readUnsignedExpGolomb()
        guard id <= 31 else { throw ParseError("H.264 SPS id \(id) is above 31") }

        chromaFormat = 1
        var separateColourPlanes = false
        // H.264 7.3.2.1.1: the profiles whose SPS carries chroma format, bit depths and scaling lists.
        if [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].contains(profile) {
            chromaFormat = try reader.readUnsignedExpGolomb()
            guard chromaFormat <= 3 else { throw ParseError("H.264 SPS chroma_format_idc \(chromaFormat) is above 3") }
            if chromaFormat == 3 { separateColourPlanes = try reader.readFlag() }
            _ = try reader.readUnsignedExpGolomb()  // bit_depth_luma_minus8
            _ = try reader.readUnsignedExpGolomb()  // bit_depth_chroma_minus8
            _ = try reader.readFlag()  // qpprime_y_zero_transform_bypass_flag
            if try reader.readFlag() {  // seq_scaling_matrix_present_flag
                for list in 0..<(chromaFormat == 3 ? 12 : 8) {
                    if try reader.readFlag() { try Self.skipScalingList(size: list < 6 ? 16 : 64, reader: &reader) }
                }
            }
        }
        _ = try reader.readUnsignedExpGolomb()  // log2_max_frame_num_minus4
        let pictureOrderCountType = try reader.readUnsignedExpGolomb()
        switch pictureOrderCountType {
        case 0:
            _ = try reader.readUnsignedExpGolomb()  // log2_max_pic_order_cnt_lsb_minus4
        case 1:
            _ = try reader.readFlag()  // delta_pic_order_always_zero_flag
            _ = try reader.readSignedExpGolomb()  // offset_for_non_ref_pic
            _ = try reader.readSignedExpGolomb()  // offset_for_top_to_bottom_field
            let cycle = try reader.readUnsignedExpGolomb()
            guard cycle <= 255 else { throw ParseError("H.264 SPS picture order cycle of \(cycle) frames is above 255") }
            for _ in 0..<cycle { _ = try reader.readSignedExpGolomb() }
        case 2:
            break
        default:
            throw ParseError("H.264 SPS pic_order_cnt_type \(pictureOrderCountType) is above 2")
        }
        _ = try reader.readUnsignedExpGolomb()  // max_num_ref_frames
        _ = try reader.readFlag()  // gaps_in_frame_num_value_allowed_flag
        let widthInMacroblocks = Int(try reader.readUnsignedExpGolomb()) + 1
        let heightInMapUnits = Int(try reader.readUnsignedExpGolomb()) + 1
        isProgressive = try reader.readFlag()
        if !isProgressive { _ = try reader.readFlag() }  // mb_adaptive_frame_field_flag
        _ = try reader.readFlag()  // direct_8x8_inference_flag
        let heightInMacroblocks = heightInMapUnits * (isProgressive ? 1 : 2)
        guard widthInMacroblocks <= Self.maxMacroblocks, heightInMacroblocks <= Self.maxMacroblocks,
              widthInMacroblocks * heightInMacroblocks <= Self.maxMacroblocks
        else {
            throw ParseError("H.264 SPS declares \(widthInMacroblocks)x\(heightInMacroblocks) macroblocks, more than any level allows")
        }
        var cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0
        if try reader.readFlag() {  // frame_cropping_flag
            cropLeft = Int(try reader.readUnsignedExpGolomb())
            cropRight = Int(try reader.readUnsignedExpGolomb())
            cropTop = Int(try reader.readUnsignedExpGolomb())
            cropBottom = Int(try reader.readUnsignedExpGolomb())
        }
        // H.264 7.4.2.1.1: cropping counts in chroma samples, and in field pairs when interlaced.
        let chromaArrayType = separateColourPlanes ? 0 : chromaFormat
        let cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2
        let cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (isProgressive ? 1 : 2)
        let codedWidth = widthInMacroblocks * 16
        let codedHeight = heightInMacroblocks * 16
        let cropX = cropUnitX * (cropLeft + cropRight)
        let cropY = cropUnitY * (cropTop + cropBottom)
        guard cropX < codedWidth, cropY < codedHeight else {
            throw ParseError("H.264 SPS crops \(cropX)x\(cropY) off a \(codedWidth)x\(codedHeight) picture")
        }
        width = codedWidth - cropX
        height = codedHeight - cropY
    }

    public init(nalUnit: [UInt8]) throws(ParseError) { try self.init(nalUnit: nalUnit[...]) }

    /// H.264 7.3.2.1.1.1: delta-coded; a next scale of 0 ends the list early.
    private static func skipScalingList(size: Int, reader: inout H264BitReader) throws(ParseError) {
        var last: Int32 = 8, next: Int32 = 8
        for _ in 0..<size {
            if next != 0 {
                let delta = try reader.readSignedExpGolomb()
                guard (-128...127).contains(delta) else { throw ParseError("H.264 scaling list delta \(delta) is outside -128...127") }
                next = (last + delta + 256) % 256
            }
            if next != 0 { last = next }
        }
    }
}
