import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264PacketizerTests {
    /// Rebuilds the NAL units from payloads with the payload parser (not the assembler).
    static func nalUnits(_ payloads: [[UInt8]]) throws -> [[UInt8]] {
        var units: [[UInt8]] = []
        var open: [UInt8]?
        for payload in payloads {
            switch try H264RTPPayload(parsing: payload[...]) {
            case let .single(unit): units.append(Array(unit))
            case let .aggregation(aggregated): units += aggregated.map(Array.init)
            case let .fragment(fragment):
                if fragment.isStart { open = [fragment.nalUnitHeader.byte] }
                open? += fragment.data
                if fragment.isEnd, let unit = open { units.append(unit); open = nil }
            case .ignored: break
            }
        }
        #expect(open == nil)
        return units
    }

    @Test func smallKeyframeGoesInOneSTAPA() throws {
        let idr = H264Vectors.idrSliceStart + Array(repeating: 0x11, count: 500)
        var packetizer = H264Packetizer()
        let payloads = packetizer.packetize(frame: H264AnnexB.join([H264Vectors.sps640x360, H264Vectors.pps, idr]))
        #expect(payloads.count == 1)
        // STAP-A with NRI 3 (the maximum of the three), then each unit after its 16-bit size.
        #expect(payloads[0][0] == 0x78)
        #expect(payloads[0].count == 1 + 2 + 15 + 2 + 4 + 2 + idr.count)
        #expect(Array(payloads[0][1...2]) == [0, 15])
        #expect(try Self.nalUnits(payloads) == [H264Vectors.sps640x360, H264Vectors.pps, idr])
    }

    @Test func largeIDRIsFragmentedAfterAParameterSetSTAPA() throws {
        var maker = H264StreamMaker(random: .init(seed: 1))
        let idr = maker.slice(.idrSlice, size: 5000, first: true)
        var packetizer = H264Packetizer(maxPayloadSize: 1172)
        let payloads = packetizer.packetize(frame: H264AnnexB.join([H264Vectors.sps640x360, H264Vectors.pps, idr]))
        // 4999 bytes after the header in pieces of at most 1170: 5 FU-As of 999-1000 bytes.
        #expect(payloads.count == 6)
        #expect(payloads[0][0] & 0x1F == 24)
        #expect(payloads.dropFirst().allSatisfy { $0[0] == 0x7C })
        #expect(payloads.dropFirst().map { $0[1] } == [0x85, 0x05, 0x05, 0x05, 0x45])
        #expect(payloads.dropFirst().map(\.count) == [1002, 1002, 1002, 1002, 1001])
        #expect(payloads.allSatisfy { $0.count <= 1172 })
        #expect(try Self.nalUnits(payloads) == [H264Vectors.sps640x360, H264Vectors.pps, idr])
    }

    /// A NAL unit of exactly the limit travels whole; one byte more needs two FU-As.
    @Test func singleNALUnitAtTheExactLimit() throws {
        var maker = H264StreamMaker(random: .init(seed: 2))
        var packetizer = H264Packetizer(maxPayloadSize: 100)
        let exact = maker.slice(.slice, size: 100, first: true)
        #expect(packetizer.packetize(frame: H264AnnexB.join([exact])) == [exact])
        let over = maker.slice(.slice, size: 101, first: true)
        let payloads = packetizer.packetize(frame: H264AnnexB.join([over]))
        #expect(payloads.map(\.count) == [52, 52])  // 100 body bytes, 50 per FU-A, 2 bytes of headers each
        #expect(try Self.nalUnits(payloads) == [over])
    }

    /// A STAP-A of exactly the limit is one packet; one byte more and the last unit goes alone.
    @Test func aggregationAtTheExactLimit() throws {
        var maker = H264StreamMaker(random: .init(seed: 4))
        var packetizer = H264Packetizer(maxPayloadSize: 100)
        // 1 + (2 + 15) + (2 + 4) + (2 + 74) = 100.
        let fits = maker.slice(.idrSlice, size: 74, first: true)
        let one = packetizer.packetize(frame: H264AnnexB.join([H264Vectors.sps640x360, H264Vectors.pps, fits]))
        #expect(one.map(\.count) == [100])
        let tooBig = maker.slice(.idrSlice, size: 75, first: true)
        let two = packetizer.packetize(frame: H264AnnexB.join([H264Vectors.sps640x360, H264Vectors.pps, tooBig]))
        #expect(two.map(\.count) == [1 + 17 + 6, 75])
        #expect(two[0][0] & 0x1F == 24 && two[1] == tooBig)
    }

    @Test func fragmentsStayWithinTheLimitForEverySize() throws {
        var maker = H264StreamMaker(random: .init(seed: 5))
        for limit in [3, 4, 7, 50, 1172] {
            var packetizer = H264Packetizer(maxPayloadSize: limit)
            for size in [2, 3, 4, limit - 1, limit, limit + 1, 2 * limit - 3, 2 * limit, 3000] where size >= 2 {
                let unit = maker.slice(.slice, size: size, first: true)
                let payloads = packetizer.packetize(frame: H264AnnexB.join([unit]))
                #expect(payloads.allSatisfy { $0.count <= max(limit, 3) }, "limit \(limit) size \(size)")
                #expect(try Self.nalUnits(payloads) == [unit], "limit \(limit) size \(size)")
                // Even pieces: no fragment more than one byte shorter than another.
                let sizes = payloads.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
            }
        }
    }

    @Test func limitsBelowThreeAreRaisedToThree() throws {
        var packetizer = H264Packetizer(maxPayloadSize: 0)
        let unit = hex("41 9a 02 03 04")
        let payloads = packetizer.packetize(frame: H264AnnexB.join([unit]))
        #expect(payloads.allSatisfy { $0.count == 3 })
        #expect(try Self.nalUnits(payloads) == [unit])
    }

    @Test func parameterSetsAreRepeatedBeforeABareIDR() throws {
        var maker = H264StreamMaker(random: .init(seed: 6))
        var packetizer = H264Packetizer()
        _ = packetizer.packetize(frame: H264AnnexB.join(maker.accessUnit(keyframe: true)))
        #expect(packetizer.sequenceParameterSet == H264Vectors.sps640x360)
        #expect(packetizer.pictureParameterSet == H264Vectors.pps)
        let aud = hex("09 10")
        let idr = maker.slice(.idrSlice, size: 300, first: true)
        let payloads = packetizer.packetize(frame: H264AnnexB.join([aud, idr]))
        // The delimiter stays first; SPS and PPS come after it.
        #expect(try Self.nalUnits(payloads) == [aud, H264Vectors.sps640x360, H264Vectors.pps, idr])
        // Inter frames get nothing added.
        let slice = maker.slice(.slice, size: 300, first: true)
        #expect(try Self.nalUnits(packetizer.packetize(frame: H264AnnexB.join([slice]))) == [slice])
        // Switched off, the IDR goes as it came.
        packetizer.repeatsParameterSets = false
        #expect(try Self.nalUnits(packetizer.packetize(frame: H264AnnexB.join([idr]))) == [idr])
    }

    @Test func aggregationCanBeSwitchedOff() throws {
        var packetizer = H264Packetizer(aggregatesNALUnits: false)
        let units = [H264Vectors.sps640x360, H264Vectors.pps, H264Vectors.idrSliceStart]
        let payloads = packetizer.packetize(frame: H264AnnexB.join(units))
        #expect(payloads == units)
    }

    @Test func emptyAccessUnitsGiveNoPackets() {
        var packetizer = H264Packetizer()
        #expect(packetizer.packetize(frame: []).isEmpty)
        #expect(packetizer.packetize(frame: hex("00 00 00 01")).isEmpty)
        #expect(packetizer.packetize(nalUnits: [[], []]).isEmpty)
    }

    @Test func defaultLimitMatchesVP8() {
        #expect(H264Packetizer.defaultMaxPayloadSize == 1172)
        #expect(12 + H264Packetizer.defaultMaxPayloadSize + 16 <= 1200)
    }

    /// Random access units of random slices at random limits: every payload within the limit and
    /// the NAL units back unchanged, in order.
    @Test(arguments: [10, 20, 30] as [UInt64])
    func randomAccessUnitsRoundTrip(seed: UInt64) throws {
        var maker = H264StreamMaker(random: .init(seed: seed))
        for round in 0..<100 {
            let limit = 20 + maker.random.int(below: 1400)
            var packetizer = H264Packetizer(maxPayloadSize: limit, repeatsParameterSets: false)
            let units = maker.accessUnit(keyframe: round % 7 == 0, slices: 1 + round % 4, maxSliceSize: 3000)
            let payloads = packetizer.packetize(frame: H264AnnexB.join(units))
            #expect(payloads.allSatisfy { $0.count <= limit })
            #expect(try Self.nalUnits(payloads) == units)
        }
    }
}
