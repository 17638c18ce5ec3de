import RTCBase
import Testing
@testable import RTCMedia

/// At least 100,000 random and mutated inputs through the H.264 parsers and the assembler: none
/// may trap or hang, and the assembler's buffer stays within its window.
@Suite struct H264MalformedInputTests {
    static let iterations = 100_000

    static let seeds: [[UInt8]] = [
        H264Vectors.sps640x360,
        H264Vectors.idrSliceStart,
        hex("78 00 0f") + H264Vectors.sps640x360 + hex("00 04") + H264Vectors.pps,
        hex("7c 85 b8 00 04 00 00 08"),
        hex("7c 05 11 22 33"),
        hex("7c 45 44 55"),
        hex("5c 81 9a 02"),
        hex("09 f0"),
    ]

    @Test func payloadParserAndPredicates() {
        var random = SeededRandom(seed: 0x264)
        var parsed = 0
        for _ in 0..<Self.iterations {
            let bytes = MalformedInputTests.input(&random, seeds: Self.seeds)
            _ = H264RTPPayload.startsKeyframe(bytes)
            _ = try? H264FragmentationUnit(parsing: bytes[...])
            guard let payload = try? H264RTPPayload(parsing: bytes[...]) else { continue }
            parsed += 1
            _ = payload.beginsAccessUnit
            _ = payload.hasForbiddenBit
            if case let .aggregation(units) = payload {
                // The sizes add up: the units and their size fields fill the payload exactly.
                #expect(1 + units.reduce(0) { $0 + 2 + $1.count } == bytes.count)
            }
        }
        #expect(parsed > 10_000)
    }

    @Test func annexBSplitAndAccessUnitInfo() {
        var random = SeededRandom(seed: 0xA2B)
        for _ in 0..<Self.iterations / 4 {
            var bytes = MalformedInputTests.input(&random, seeds: Self.seeds)
            if random.chance(0.5) { bytes = [0, 0, 1] + bytes + [0, 0, 0, 1] + bytes }
            let units = H264AnnexB.split(bytes)
            for unit in units {
                #expect(!unit.isEmpty && unit.last != 0)
            }
            _ = H264AccessUnitInfo(nalUnits: units)
        }
    }

    @Test func profileLevelIDText() throws {
        var random = SeededRandom(seed: 0x42E0)
        let alphabet = Array("0123456789abcdefABCDEFgz; =-".utf8)
        for _ in 0..<Self.iterations / 10 {
            let text = String(decoding: (0..<random.int(below: 9)).map { _ in alphabet[random.int(below: alphabet.count)] }, as: UTF8.self)
            if let id = try? H264ProfileLevelID(parsing: text) {
                #expect(try H264ProfileLevelID(parsing: id.description) == id)
            }
            _ = try? H264FormatParameters(fmtp: "profile-level-id=\(text);packetization-mode=\(text)")
        }
    }

    /// Mutated packets of a real stream, reordered, fed to one assembler: whatever comes out is
    /// a whole Annex B access unit, and nothing piles up.
    @Test func assemblerSurvivesMutatedStreams() {
        var random = SeededRandom(seed: 0xFA11)
        let frames = H264FrameAssemblerTests.makeStream(count: 300, firstSequence: 100, seed: 21, maxPayloadSize: 120,
                                                        keyframeInterval: 30)
        var packets = frames.flatMap(\.packets)
        var assembler = H264FrameAssembler(window: 256)
        var now = Instant.zero
        var delivered = 0
        for round in 0..<Self.iterations {
            var packet = packets[round % packets.count]
            if random.chance(0.5) {
                var payload = Array(packet.payload)
                payload = MalformedInputTests.input(&random, seeds: [payload])
                packet.payload = payload[...]
            }
            if random.chance(0.1) { packet.marker.toggle() }
            if random.chance(0.05) { packet.sequenceNumber &+= UInt16(truncatingIfNeeded: random.next() % 64) }
            if random.chance(0.05) { packet.timestamp &+= 3000 }
            now = now + .microseconds(300)
            for frame in assembler.insert(packet, now: now) + assembler.poll(now: now) {
                delivered += 1
                #expect(frame.data.starts(with: H264AnnexB.startCode))
                #expect(frame.h264.map { $0.nalUnitCount > 0 } == true)
            }
            #expect(assembler.bufferedPackets <= 256)
            if round % packets.count == packets.count - 1 {
                // Next lap: new sequence numbers and timestamps, as a live stream would have.
                for index in packets.indices {
                    packets[index].sequenceNumber &+= UInt16(truncatingIfNeeded: packets.count)
                    packets[index].timestamp &+= 900_000
                }
            }
        }
        #expect(delivered > 100)
        #expect(assembler.malformedPackets > 1000)
    }
}
