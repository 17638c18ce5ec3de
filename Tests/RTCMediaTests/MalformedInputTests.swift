import RTCBase
import Testing
@testable import RTCMedia

/// At least 100,000 random and mutated inputs per parser: none may trap or hang, and whatever
/// parses must survive a serialize/parse round trip unchanged.
@Suite struct MalformedInputTests {
    static let iterations = 100_000

    /// Random bytes half the time, otherwise a seed with a few bytes flipped, truncated or
    /// extended: mutations keep enough structure to reach the deep branches.
    static func input(_ random: inout SeededRandom, seeds: [[UInt8]]) -> [UInt8] {
        if random.chance(0.3) { return random.bytes(random.int(below: 80)) }
        var bytes = seeds[random.int(below: seeds.count)]
        for _ in 0..<(1 + random.int(below: 4)) {
            switch random.int(below: 5) {
            case 0 where !bytes.isEmpty:
                bytes[random.int(below: bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            case 1 where !bytes.isEmpty:
                bytes[random.int(below: bytes.count)] ^= 1 << UInt8(random.int(below: 8))
            case 2:
                bytes = Array(bytes.prefix(random.int(below: bytes.count + 1)))
            case 3:
                bytes += random.bytes(random.int(below: 12))
            default:
                if bytes.count > 4 { bytes[random.int(below: 4)] = UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return bytes
    }

    @Test func rtpPackets() throws {
        let seeds: [[UInt8]] = [
            hex("90 E0 12 34 00 00 10 00 DE AD BE EF BE DE 00 02 10 AA 21 BB CC 00 00 00 01 02 03"),
            hex("90 60 00 01 00 00 00 02 00 00 00 03 10 00 00 02 05 02 AA BB 03 00 00 00 FF"),
            hex("A2 00 00 05 00 00 00 00 00 00 00 01 00 00 00 09 00 00 00 0A 01 02 00 00 03"),
        ]
        var random = SeededRandom(seed: 0xA1)
        var parsed = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&random, seeds: seeds)
            _ = RTPHeaderPeek(bytes)
            _ = RTPPacket.isRTCP(bytes)
            guard let packet = try? RTPPacket(bytes: bytes) else { continue }
            parsed += 1
            let again = try RTPPacket(bytes: packet.serialized())
            // Extensions of unknown profiles are dropped and padding IDs vanish, so compare the
            // re-parsed packet with its own round trip.
            #expect(try RTPPacket(bytes: again.serialized()) == again)
            #expect(again.payload == packet.payload)
        }
        #expect(parsed > 1000)
    }

    @Test func rtcpCompounds() throws {
        let seeds: [[UInt8]] = [
            SenderReportTests.senderReportBytes + hex("81 CA 00 03 11 22 33 44 01 04 61 62 63 64 00 00"),
            hex("81 CD 00 03 11 11 11 11 22 22 22 22 00 64 00 05 81 CE 00 02 11 11 11 11 22 22 22 22"),
            hex("84 CE 00 04 11 11 11 11 00 00 00 00 33 33 33 33 07 00 00 00 81 CB 00 02 11 22 33 44 03 62 79 65"),
            hex("8F CE 00 05 11 11 11 11 00 00 00 00 52 45 4D 42 01 0B D0 90 44 44 44 44 A0 C9 00 02 00 00 00 07 00 00 00 04"),
            hex("8F CD 00 02 00 00 00 01 00 00 00 02"),
            // Transport feedback: run-length, 2-bit vector plus a run, 1-bit vector, large deltas.
            hex("AF CD 00 07 00 00 00 01 DD 58 6E B6 00 01 00 09 5E 91 10 00 20 09 1C 0C 2C 38 00 04 00 08 18 01"),
            hex("AF CD 00 07 9B 74 F6 1F 93 71 DC BC 85 3C 00 09 63 F9 16 B3 D5 52 00 30 9B AA 6A AA 7B 01 09 01"),
            hex("8F CD 00 07 00 00 00 01 00 00 00 02 00 00 00 0E 00 00 00 00 9F 1C 01 02 03 04 05 06 07 08 00 00"),
            hex("8F CD 00 07 00 00 00 01 00 00 00 02 FF FE 00 06 FF FF FE 05 D8 A8 01 01 2C FF FC 80 00 7F FF 00"),
        ]
        var random = SeededRandom(seed: 0xB2)
        var parsed = 0
        var parsedFeedback = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&random, seeds: seeds)
            guard let packets = try? RTCPPacket.parseCompound(bytes) else { continue }
            parsed += 1
            let again = try RTCPPacket.parseCompound(RTCPPacket.serializeCompound(packets))
            #expect(try RTCPPacket.parseCompound(RTCPPacket.serializeCompound(again)) == again)
            for case .transportFeedback(let feedback) in packets {
                parsedFeedback += 1
                #expect(try TransportFeedback(bytes: feedback.serialized()) == feedback)
            }
            #expect(again.count == packets.count)
        }
        #expect(parsed > 1000)
        #expect(parsedFeedback > 1000)
    }

    @Test func vp8Descriptors() throws {
        let seeds: [[UInt8]] = [[0x10, 0x9D], [0x90, 0x80, 0x11], [0x90, 0x80, 0x92, 0x67], [0xA2, 0xF0, 0xFF, 0xFF, 0x05, 0xA3], [0x80, 0x10, 0x1F]]
        var random = SeededRandom(seed: 0xC3)
        var parsed = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&random, seeds: seeds)
            guard let (descriptor, size) = try? VP8PayloadDescriptor.parse(bytes[...]) else { continue }
            parsed += 1
            #expect(size <= bytes.count)
            // X=1 with an all-zero I/L/T/K byte is legal but re-serializes without the byte.
            #expect(descriptor.size <= size)
            let (again, _) = try VP8PayloadDescriptor.parse(descriptor.serialized()[...])
            #expect(again == descriptor)
            _ = VP8KeyframeHeader(frame: bytes)
        }
        #expect(parsed > 1000)
    }

    /// Random RTP packets thrown at the assembler and the statistics: nothing traps, and the
    /// buffer stays bounded. Fewer rounds: random sequence numbers make every insert rescan the
    /// assembler's buffer, which is slow in debug builds and says nothing new after 20,000.
    @Test func assemblerAndStatisticsSurviveGarbage() {
        var random = SeededRandom(seed: 0xD4)
        var assembler = VP8FrameAssembler(maxAge: .milliseconds(200))
        var stats = ReceiveStatistics(ssrc: 1, clockRate: 90000)
        var nack = NackGenerator()
        for i in 0..<20_000 {
            let now = Instant.milliseconds(Int64(i))
            let packet = RTPPacket(
                marker: random.chance(0.3), payloadType: 96, sequenceNumber: UInt16(truncatingIfNeeded: random.next()),
                timestamp: UInt32(random.int(below: 4)), ssrc: 1, payload: random.bytes(random.int(below: 8)))
            _ = assembler.insert(packet, now: now)
            stats.insert(packet, arrival: now)
            nack.insert(sequence: packet.sequenceNumber, now: now)
            if i % 100 == 0 {
                _ = stats.makeReportBlock(now: now)
                _ = nack.pollNACK(now: now, rtt: .milliseconds(Int64(random.int(below: 300))))
            }
        }
        #expect(assembler.bufferedPackets <= assembler.window)
        #expect(nack.missingSequenceNumbers.count <= nack.maxMissing)
    }
}
