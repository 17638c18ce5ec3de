import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264RTPPayloadTests {
    @Test func singleNALUnitPacket() throws {
        let payload = try H264RTPPayload(parsing: H264Vectors.sps640x360[...])
        #expect(payload == .single(H264Vectors.sps640x360[...]))
        #expect(payload.contains(.sps) && !payload.contains(.idrSlice))
        #expect(payload.beginsAccessUnit)
        #expect(!payload.hasForbiddenBit)
    }

    @Test func stapAWithSPSPPSAndSlice() throws {
        // RFC 6184 5.7.1: STAP-A header (F 0, NRI 3, type 24), then size + unit for each.
        let bytes = hex("78 00 0f") + H264Vectors.sps640x360 + hex("00 04") + H264Vectors.pps + hex("00 10") + H264Vectors.idrSliceStart
        let payload = try H264RTPPayload(parsing: bytes[...])
        guard case let .aggregation(units) = payload else { Issue.record("not an aggregation"); return }
        #expect(units.map(Array.init) == [H264Vectors.sps640x360, H264Vectors.pps, H264Vectors.idrSliceStart])
        #expect(payload.contains(.sps) && payload.contains(.pps) && payload.contains(.idrSlice))
        #expect(payload.beginsAccessUnit)
        #expect(H264RTPPayload.startsKeyframe(bytes))
    }

    @Test(arguments: [
        ("78", "no unit at all"),
        ("78 00", "a size field cut short"),
        ("78 00 05 67 42", "a size past the end"),
        ("78 00 02 67 42 00", "one stray byte after the last unit"),
        ("78 00 00 00 02 67 42", "an empty unit"),
        ("78 00 02 7c 85", "an FU-A inside a STAP-A"),
        ("78 00 02 00 85", "a type 0 unit inside"),
        ("78 ff ff 67", "a size of 65535 with one byte left"),
    ])
    func malformedAggregationsThrow(bytes: String, why: String) {
        #expect(throws: ParseError.self, "\(why)") { try H264RTPPayload(parsing: hex(bytes)[...]) }
    }

    @Test func interleavedModeStructuresAndEmptyPayloadsThrow() {
        for type: UInt8 in [25, 26, 27, 29] {
            #expect(throws: ParseError.self) { try H264RTPPayload(parsing: [0x60 | type, 0, 1, 2, 3, 4, 5][...]) }
        }
        #expect(throws: ParseError.self) { try H264RTPPayload(parsing: [][...]) }
    }

    @Test func undefinedTypesAreIgnored() throws {
        for type: UInt8 in [0, 30, 31] {
            let payload = try H264RTPPayload(parsing: [type, 1, 2][...])
            #expect(payload == .ignored(H264NALUnitType(rawValue: type)))
            #expect(!payload.beginsAccessUnit && !payload.contains(H264NALUnitType(rawValue: type)))
        }
    }

    @Test func fragmentStartOfAnIDRBeginsAKeyframe() throws {
        let start = hex("7c 85 b8 00 04")  // FU indicator NRI 3 type 28; S, type 5; first_mb_in_slice 0
        let payload = try H264RTPPayload(parsing: start[...])
        #expect(payload.contains(.idrSlice) && payload.beginsAccessUnit)
        #expect(H264RTPPayload.startsKeyframe(start))
        let middle = hex("7c 05 11 22")
        #expect(try !H264RTPPayload(parsing: middle[...]).contains(.idrSlice))
        #expect(!H264RTPPayload.startsKeyframe(middle))
    }

    @Test func whatBeginsAnAccessUnit() throws {
        let cases: [(String, Bool)] = [
            ("09 f0", true),  // access unit delimiter
            ("67 42 c0 1e", true),  // SPS
            ("68 ce 3c 80", true),  // PPS
            ("06 05 10", true),  // SEI
            ("0c ff ff", false),  // filler data comes after the slices
            ("0a", false),  // end of sequence
            ("41 9a 02", true),  // slice, first_mb_in_slice 0
            ("41 1a 02", false),  // slice, first_mb_in_slice > 0
            ("65", false),  // IDR slice with no slice header at all
            ("7c 45 9a", false),  // FU-A end of an IDR: not the start of anything
            ("7c 81 9a", true),  // FU-A start of a slice with first_mb_in_slice 0
            ("78 00 02 41 1a 00 02 41 9a", false),  // STAP-A: judged by its first unit
            ("78 00 02 06 05 00 02 41 9a", true),  // STAP-A of SEI and the first slice
        ]
        for (bytes, expected) in cases {
            #expect(try H264RTPPayload(parsing: hex(bytes)[...]).beginsAccessUnit == expected, "\(bytes)")
        }
    }

    @Test func forbiddenBitAnywhereInside() throws {
        #expect(try H264RTPPayload(parsing: hex("e5 b8")[...]).hasForbiddenBit)
        #expect(try H264RTPPayload(parsing: hex("fc 85 b8")[...]).hasForbiddenBit)
        #expect(try H264RTPPayload(parsing: hex("78 00 01 68 00 02 e5 b8")[...]).hasForbiddenBit)
        #expect(try !H264RTPPayload(parsing: hex("78 00 01 68 00 02 65 b8")[...]).hasForbiddenBit)
        #expect(H264RTPPayload.payloadHeader(hex("e5")[...])?.forbiddenBit == true)
    }

    @Test func keyframeStartsForAForwarder() {
        #expect(H264RTPPayload.startsKeyframe(H264Vectors.sps640x360))
        #expect(H264RTPPayload.startsKeyframe(H264Vectors.idrSliceStart))
        #expect(!H264RTPPayload.startsKeyframe(H264Vectors.pps))
        #expect(!H264RTPPayload.startsKeyframe(hex("41 9a 02")))
        #expect(!H264RTPPayload.startsKeyframe(hex("78 00 05 67")))  // does not parse
        #expect(!H264RTPPayload.startsKeyframe([UInt8]()))
    }
}
