import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264SequenceParameterSetTests {
    /// Writes RBSP bits MSB first, then adds emulation prevention bytes as an encoder does.
    struct BitWriter {
        var bits: [Bool] = []
        mutating func bits(_ value: UInt64, _ count: Int) { for shift in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> UInt64(shift) & 1 == 1) } }
        mutating func flag(_ value: Bool) { bits.append(value) }
        mutating func ue(_ value: UInt64) {
            let code = value + 1
            let length = 64 - code.leadingZeroBitCount
            bits(0, length - 1)
            bits(code, length)
        }
        mutating func se(_ value: Int64) { ue(value > 0 ? UInt64(2 * value - 1) : UInt64(-2 * value)) }
        /// Header byte, the RBSP with its stop bit, emulation prevention.
        func nalUnit() -> [UInt8] {
            var all = bits + [true]
            while all.count % 8 != 0 { all.append(false) }
            var rbsp: [UInt8] = []
            for start in stride(from: 0, to: all.count, by: 8) {
                rbsp.append(all[start..<start + 8].reduce(0) { $0 << 1 | ($1 ? 1 : 0) })
            }
            var out: [UInt8] = [0x67]
            var zeros = 0
            for byte in rbsp {
                if zeros >= 2, byte <= 3 { out.append(3); zeros = 0 }
                out.append(byte)
                zeros = byte == 0 ? zeros + 1 : 0
            }
            return out
        }
    }

    @Test func openH264At640x360() throws {
        let sps = try H264SequenceParameterSet(nalUnit: H264Vectors.sps640x360)
        #expect(sps.profileLevelID == H264ProfileLevelID(profileIDC: 0x42, profileIOP: 0xC0, levelIDC: 30))
        #expect(sps.profileLevelID.isConstrainedBaseline)
        #expect(sps.id == 0 && sps.chromaFormat == 1 && sps.isProgressive)
        // 40x23 macroblocks (640x368) cropped by 4 chroma rows (8 luma) at the bottom.
        #expect(sps.width == 640 && sps.height == 360)
    }

    @Test func openH264At1920x1080() throws {
        let sps = try H264SequenceParameterSet(nalUnit: H264Vectors.sps1920x1080)
        #expect(sps.profileLevelID.levelIDC == 40)
        #expect(sps.width == 1920 && sps.height == 1080)
    }

    /// A High profile SPS exercising the branches openh264 never writes: chroma format, a scaling
    /// list, picture order count type 1, interlaced coding and cropping on all sides.
    @Test func highProfileInterlacedWithScalingListAndCropping() throws {
        var writer = BitWriter()
        writer.bits(100, 8); writer.bits(0, 8); writer.bits(40, 8)  // High, level 4
        writer.ue(3)  // seq_parameter_set_id
        writer.ue(1)  // chroma_format_idc 4:2:0
        writer.ue(0); writer.ue(0)  // bit depths
        writer.flag(false)  // qpprime_y_zero_transform_bypass_flag
        writer.flag(true)  // seq_scaling_matrix_present_flag
        writer.flag(true)  // list 0 present: 16 deltas
        for _ in 0..<16 { writer.se(1) }
        writer.flag(false); writer.flag(false); writer.flag(false); writer.flag(false); writer.flag(false)
        writer.flag(true)  // list 6 present (8x8): ends early with a next scale of 0
        writer.se(-8)
        writer.flag(false)  // list 7
        writer.ue(0)  // log2_max_frame_num_minus4
        writer.ue(1)  // pic_order_cnt_type 1
        writer.flag(false); writer.se(-2); writer.se(3)
        writer.ue(2); writer.se(5); writer.se(-5)  // two offsets for ref frames
        writer.ue(4)  // max_num_ref_frames
        writer.flag(false)
        writer.ue(119)  // 120 macroblocks wide
        writer.ue(33)  // 34 map units: 68 macroblocks high when interlaced
        writer.flag(false)  // frame_mbs_only_flag 0
        writer.flag(true)  // mb_adaptive_frame_field_flag
        writer.flag(true)  // direct_8x8_inference_flag
        writer.flag(true)  // frame_cropping_flag
        writer.ue(1); writer.ue(2); writer.ue(1); writer.ue(1)
        writer.flag(false)  // no VUI
        let sps = try H264SequenceParameterSet(nalUnit: writer.nalUnit())
        #expect(sps.id == 3 && !sps.isProgressive && sps.profileLevelID.profile == .high)
        // Crop units: 2 across, 2 * 2 down (4:2:0, interlaced).
        #expect(sps.width == 1920 - 2 * 3)
        #expect(sps.height == 68 * 16 - 4 * 2)
    }

    @Test func emulationPreventionBytesAreSkipped() throws {
        var writer = BitWriter()
        writer.bits(0x42, 8); writer.bits(0xE0, 8); writer.bits(31, 8)
        writer.ue(0); writer.ue(0); writer.ue(2)  // id, log2_max_frame_num, poc type 2
        writer.ue(1 << 30)  // max_num_ref_frames: 30 leading zero bits, so 00 00 0x in the bytes
        writer.flag(false)
        writer.ue(79); writer.ue(44)  // 1280x720
        writer.flag(true); writer.flag(true); writer.flag(false); writer.flag(false)
        let unit = writer.nalUnit()
        #expect(unit.indices.dropFirst(2).contains { unit[$0 - 2] == 0 && unit[$0 - 1] == 0 && unit[$0] == 3 })
        let sps = try H264SequenceParameterSet(nalUnit: unit)
        #expect(sps.width == 1280 && sps.height == 720 && sps.profileLevelID.isConstrainedBaseline)
    }

    @Test func truncationsThrowOrReadTheSameFields() throws {
        let unit = H264Vectors.sps1920x1080
        let whole = try H264SequenceParameterSet(nalUnit: unit)
        var shortestThatParses = unit.count
        for length in (0..<unit.count).reversed() {
            guard let sps = try? H264SequenceParameterSet(nalUnit: Array(unit.prefix(length))) else { continue }
            #expect(sps == whole, "\(length) bytes")
            shortestThatParses = length
        }
        // Parsing stops before the VUI flag: the fields up to the cropping offsets take 81 bits
        // after the header byte, so 12 bytes.
        #expect(shortestThatParses == 12)
        for length in 0..<12 {
            #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: Array(unit.prefix(length))) }
        }
    }

    @Test func implausibleValuesThrow() {
        var huge = BitWriter()
        huge.bits(0x42, 8); huge.bits(0xE0, 8); huge.bits(31, 8)
        huge.ue(0); huge.ue(0); huge.ue(2); huge.ue(1); huge.flag(false)
        huge.ue(20_000); huge.ue(20_000)  // 320000x320000 pixels
        huge.flag(true); huge.flag(true); huge.flag(false)
        #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: huge.nalUnit()) }

        var cropped = BitWriter()
        cropped.bits(0x42, 8); cropped.bits(0xE0, 8); cropped.bits(31, 8)
        cropped.ue(0); cropped.ue(0); cropped.ue(2); cropped.ue(1); cropped.flag(false)
        cropped.ue(0); cropped.ue(0)  // 16x16
        cropped.flag(true); cropped.flag(true); cropped.flag(true)
        cropped.ue(4); cropped.ue(4); cropped.ue(0); cropped.ue(0)  // crops all 16 columns
        #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: cropped.nalUnit()) }

        var badPOC = BitWriter()
        badPOC.bits(0x42, 8); badPOC.bits(0xE0, 8); badPOC.bits(31, 8)
        badPOC.ue(0); badPOC.ue(0); badPOC.ue(3)
        #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: badPOC.nalUnit()) }

        #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: H264Vectors.pps) }
        #expect(throws: ParseError.self) { try H264SequenceParameterSet(nalUnit: [0x67] + Array(repeating: 0, count: 40)) }
    }

    @Test func randomBytesNeverTrap() {
        var random = SeededRandom(seed: 0x5b5)
        var parsed = 0
        for round in 0..<50_000 {
            var unit = round % 2 == 0 ? H264Vectors.sps640x360 : random.bytes(1 + random.int(below: 40))
            unit[0] = 0x67
            for _ in 0..<(1 + random.int(below: 3)) {
                unit[random.int(below: unit.count)] = UInt8(truncatingIfNeeded: random.next())
            }
            unit[0] = 0x67
            if let sps = try? H264SequenceParameterSet(nalUnit: unit) {
                parsed += 1
                #expect(sps.width > 0 && sps.height > 0 && sps.width * sps.height <= 139_264 * 256)
            }
        }
        #expect(parsed > 100)
    }
}
