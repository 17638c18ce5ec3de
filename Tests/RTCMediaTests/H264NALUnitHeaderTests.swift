import Testing
@testable import RTCMedia

@Suite struct H264NALUnitHeaderTests {
    @Test func readsForbiddenBitNRIAndType() {
        let sps = H264NALUnitHeader(0x67)
        #expect(!sps.forbiddenBit && sps.nri == 3 && sps.type == .sps)
        let slice = H264NALUnitHeader(0x41)
        #expect(slice.nri == 2 && slice.type == .slice)
        let sei = H264NALUnitHeader(0x06)
        #expect(sei.nri == 0 && sei.type == .sei)
        let broken = H264NALUnitHeader(0xE5)
        #expect(broken.forbiddenBit && broken.nri == 3 && broken.type == .idrSlice)
        #expect(H264NALUnitHeader(0x7C).type == .fuA)
        #expect(H264NALUnitHeader(0x18).type == .stapA)
        #expect(H264NALUnitHeader(0x09).type == .accessUnitDelimiter)
    }

    @Test func everyByteRoundTrips() {
        for byte in UInt8.min...UInt8.max {
            #expect(H264NALUnitHeader(byte).byte == byte)
        }
    }

    @Test func fieldsAreMaskedToTheirWidths() {
        let header = H264NALUnitHeader(nri: 7, type: H264NALUnitType(rawValue: 0xFF))
        #expect(header.nri == 3)
        #expect(header.type.rawValue == 31)
        #expect(header.byte == 0x7F)
    }

    @Test func typeNamesAndClasses() {
        #expect(H264NALUnitType.idrSlice.rawValue == 5)
        #expect(H264NALUnitType.stapA.rawValue == 24 && H264NALUnitType.fuA.rawValue == 28)
        #expect(H264NALUnitType.idrSlice.isVideoCodingLayer && H264NALUnitType.slice.isVideoCodingLayer)
        #expect(!H264NALUnitType.sps.isVideoCodingLayer && !H264NALUnitType.sei.isVideoCodingLayer)
        #expect(H264NALUnitType.pps.isSingleNALUnit && !H264NALUnitType.stapA.isSingleNALUnit)
        #expect(!H264NALUnitType(rawValue: 0).isSingleNALUnit && !H264NALUnitType(rawValue: 30).isSingleNALUnit)
        #expect(H264NALUnitType.fuA.description == "FU-A")
        #expect(H264NALUnitHeader(0x65).description == "IDR slice (NRI 3)")
        #expect(H264NALUnitType(rawValue: 13).description == "NAL unit type 13")
    }
}
