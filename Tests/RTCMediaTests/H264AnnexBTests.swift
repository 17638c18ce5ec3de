import Testing
@testable import RTCMedia

@Suite struct H264AnnexBTests {
    @Test func splitsAtThreeAndFourByteStartCodes() {
        let stream = hex("00 00 00 01 67 42 c0 1e  00 00 01 68 ce 3c 80  00 00 00 01 65 b8 00 04")
        let units = H264AnnexB.split(stream).map(Array.init)
        #expect(units == [hex("67 42 c0 1e"), hex("68 ce 3c 80"), hex("65 b8 00 04")])
    }

    @Test func skipsLeadingBytesEmptyUnitsAndTrailingZeros() {
        // Garbage before the first start code, two start codes in a row, trailing_zero_8bits.
        let stream = hex("ff 12 00 00 01 09 f0 00 00 00 00 00 01 00 00 01 41 9a 00 00 00 00")
        let units = H264AnnexB.split(stream).map(Array.init)
        #expect(units == [hex("09 f0"), hex("41 9a")])
    }

    @Test func emulationPreventionBytesStayInsideTheUnit() {
        // 00 00 03 is not a start code: the unit runs on to the next one.
        let stream = hex("00 00 01 65 00 00 03 01 22 00 00 01 41 01")
        let units = H264AnnexB.split(stream).map(Array.init)
        #expect(units == [hex("65 00 00 03 01 22"), hex("41 01")])
    }

    @Test func streamsWithoutUnitsGiveNothing() {
        #expect(H264AnnexB.split([]).isEmpty)
        #expect(H264AnnexB.split(hex("65 b8 00 04")).isEmpty)
        #expect(H264AnnexB.split(hex("00 00 01")).isEmpty)
        #expect(H264AnnexB.split(hex("00 00 00 01 00 00")).isEmpty)
        #expect(H264AnnexB.split(hex("00 00")).isEmpty)
    }

    @Test func startCodeAtTheVeryEndAndSplitSlices() {
        let stream = hex("00 00 01 41 9a 00 00 01")
        #expect(H264AnnexB.split(stream).map(Array.init) == [hex("41 9a")])
        // The units are slices of the input (no copy).
        let slices = H264AnnexB.split(stream)
        #expect(slices.first?.startIndex == 3)
    }

    @Test func joinWritesFourByteStartCodesAndRoundTrips() {
        let units = [hex("67 42 c0 1e"), hex("68 ce 3c 80"), hex("65 b8 00 00 03 00 04")]
        let stream = H264AnnexB.join(units)
        #expect(stream == hex("00 00 00 01 67 42 c0 1e 00 00 00 01 68 ce 3c 80 00 00 00 01 65 b8 00 00 03 00 04"))
        #expect(H264AnnexB.split(stream).map(Array.init) == units)
    }

    @Test func randomStreamsRoundTrip() {
        var maker = H264StreamMaker(random: .init(seed: 3))
        for round in 0..<200 {
            let units = maker.accessUnit(keyframe: round % 5 == 0, slices: 1 + round % 3, maxSliceSize: 300)
            #expect(H264AnnexB.split(H264AnnexB.join(units)).map(Array.init) == units)
        }
    }
}
