import RTCBase
import Testing
@testable import RTCMedia

/// Transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1): the draft's
/// chunk examples, packets from other stacks' test suites, hand-built packets for every chunk and
/// delta kind, round trips and rejections.
@Suite struct TransportFeedbackTests {
    typealias Status = TransportFeedback.PacketStatus

    /// Header for PT 205 FMT 15 without padding, SSRCs 1 and 2, then the 8 fixed bytes.
    static func packet(words: Int, fields: String, rest: String) -> [UInt8] {
        hex("8F CD 00 00 00 00 00 01 00 00 00 02 \(fields) \(rest)").enumerated().map { $0 == 3 ? UInt8(words - 1) : $1 }
    }

    // MARK: The draft's examples

    @Test func draftRunLengthExample() throws {
        // 3.1.3 example 1: 0x00DD, a run of 221 "packet not received".
        let bytes = Self.packet(words: 6, fields: "00 00 00 DD 00 00 00 00", rest: "00 DD 00 00")
        let feedback = try TransportFeedback(bytes: bytes)
        #expect(feedback.statuses == Array(repeating: .notReceived, count: 221))
        #expect(feedback.receivedPackets.isEmpty)
        #expect(feedback.serialized() == bytes)
    }

    @Test func draftStatusVectorExample() throws {
        // 3.1.4 example 1: 0x9F1C, one-bit symbols: 1 missing, 5 received, 3 missing, 3 received,
        // 2 missing. Eight small deltas follow.
        let bytes = Self.packet(words: 8, fields: "00 00 00 0E 00 00 00 00", rest: "9F 1C 01 02 03 04 05 06 07 08 00 00")
        let feedback = try TransportFeedback(bytes: bytes)
        let r: (Int32) -> Status = { .received(delta: $0) }
        #expect(feedback.statuses == [.notReceived, r(1), r(2), r(3), r(4), r(5), .notReceived, .notReceived, .notReceived,
                                      r(6), r(7), r(8), .notReceived, .notReceived])
        #expect(feedback.serialized() == bytes)
    }

    @Test func draftExamplesWithTheWithdrawnSymbolAreRejected() {
        // 3.1.3 example 2 (0x6018) and 3.1.4 example 2 (0xCD50) still use symbol 11 "received
        // without delta" from draft -00; -01 made it reserved, and libwebrtc rejects it too.
        let run = Self.packet(words: 6, fields: "00 00 00 18 00 00 00 00", rest: "60 18 00 00")
        let vector = Self.packet(words: 6, fields: "00 00 00 07 00 00 00 00", rest: "CD 50 01 02")
        for bytes in [run, vector] {
            #expect(throws: ParseError("RTCP transport feedback uses the reserved packet status symbol 3 for status " + (bytes == run ? "0" : "1"))) {
                try TransportFeedback(bytes: bytes)
            }
        }
    }

    // MARK: Packets from other stacks

    @Test func wiresharkDissectedPacket() throws {
        // olivermichel/webrtc-analysis, test/include/data.h, twcc_pkt1, given there with its
        // Wireshark dissection: P bit and one byte of RTCP padding (as libwebrtc writes them), a
        // run-length chunk of 9 small deltas: 7, 3, 11, 14, 0, 1, 0, 2, 6 ms.
        let bytes = hex("AF CD 00 07 00 00 00 01 DD 58 6E B6 00 01 00 09 5E 91 10 00 20 09 1C 0C 2C 38 00 04 00 08 18 01")
        let feedback = try TransportFeedback(bytes: bytes)
        #expect(feedback.senderSSRC == 1 && feedback.mediaSSRC == 0xDD58_6EB6)
        #expect(feedback.baseSequenceNumber == 1 && feedback.feedbackPacketCount == 0)
        #expect(feedback.referenceTime == 6_197_520)
        let milliseconds: [Int64] = [7, 3, 11, 14, 0, 1, 0, 2, 6]
        #expect(feedback.statuses == milliseconds.map { .received(delta: Int32($0 * 4)) })
        var arrival = Duration.milliseconds(6_197_520 * 64)
        let expected = milliseconds.enumerated().map { index, delta in
            arrival += .milliseconds(delta)
            return TransportFeedback.ReceivedPacket(sequenceNumber: UInt16(index + 1), arrival: arrival)
        }
        #expect(feedback.receivedPackets == expected)
        // We write the same chunk and deltas, padded with a zero byte instead of the P bit.
        var ours = bytes
        ours[0] = 0x8F
        ours[31] = 0
        #expect(feedback.serialized() == ours)
        #expect(try RTCPPacket.parseCompound(bytes) == [.transportFeedback(feedback)])
    }

    @Test func pionUnmarshalVectors() throws {
        // pion/rtcp, transport_layer_cc_test.go, TestTransportLayerCC_Unmarshal "example1",
        // "example4" and "example6" (the ones whose RTCP padding count is consistent).
        let example1 = try TransportFeedback(bytes: hex("AF CD 00 05 FA 17 FA 17 43 03 2F A0 00 99 00 01 3D E8 02 17 20 01 94 01"))
        #expect(example1 == TransportFeedback(senderSSRC: 4_195_875_351, mediaSSRC: 1_124_282_272, baseSequenceNumber: 153,
                                              referenceTime: 4_057_090, feedbackPacketCount: 23, statuses: [.received(delta: 148)]))
        #expect(example1.receivedPackets == [.init(sequenceNumber: 153, arrival: .milliseconds(4_057_090 * 64) + .microseconds(37_000))])

        let example4 = try TransportFeedback(bytes: hex("AF CD 00 07 FA 17 FA 17 19 3D D8 BB 00 04 00 07 10 63 6E 01 20 07 4C 24 24 10 0C 0C 10 00 00 03"))
        #expect(example4.baseSequenceNumber == 4 && example4.referenceTime == 1_074_030 && example4.feedbackPacketCount == 1)
        #expect(example4.statuses == [19_000, 9000, 9000, 4000, 3000, 3000, 4000].map { .received(delta: $0 / 250) })

        // A 2-bit vector (five small, one missing, one large delta of 66.25 ms), then a run-length
        // chunk of 48 "not received" of which the status count takes only 2.
        let example6 = try TransportFeedback(bytes: hex("AF CD 00 07 9B 74 F6 1F 93 71 DC BC 85 3C 00 09 63 F9 16 B3 D5 52 00 30 9B AA 6A AA 7B 01 09 01"))
        #expect(example6.senderSSRC == 2_608_133_663 && example6.mediaSSRC == 2_473_712_828)
        #expect(example6.baseSequenceNumber == 34108 && example6.referenceTime == 6_551_830 && example6.feedbackPacketCount == 179)
        let r: (Int32) -> Status = { .received(delta: $0) }
        #expect(example6.statuses == [r(155), r(170), r(106), r(170), r(123), .notReceived, r(265), .notReceived, .notReceived])
        #expect(example6.receivedPackets.map(\.sequenceNumber) == [34108, 34109, 34110, 34111, 34112, 34114])

        for feedback in [example1, example4, example6] {
            #expect(try TransportFeedback(bytes: feedback.serialized()) == feedback)
        }
        // "example7": a status count of 0 (libwebrtc refuses it; pion and we accept it).
        let empty = try TransportFeedback(bytes: hex("8F CD 00 04 9A CB 04 42 00 00 00 00 00 00 00 00 00 00 00 00"))
        #expect(empty.statuses.isEmpty && empty.serialized() == hex("8F CD 00 04 9A CB 04 42 00 00 00 00 00 00 00 00 00 00 00 00"))
    }

    // MARK: Hand-built chunks and deltas

    @Test func twoBitVectorWithLargeAndNegativeDeltas() throws {
        // 1 small, 300 (large), missing, -4 (large): 2-bit vector 01 10 00 10 = 0xD880.
        let bytes = Self.packet(words: 7, fields: "00 0A 00 04 00 00 01 07", rest: "D8 80 01 01 2C FF FC 00")
        let feedback = try TransportFeedback(bytes: bytes)
        #expect(feedback.statuses == [.received(delta: 1), .received(delta: 300), .notReceived, .received(delta: -4)])
        #expect(feedback.referenceTime == 1 && feedback.feedbackPacketCount == 7)
        let base = Duration.milliseconds(64)
        #expect(feedback.receivedPackets.map(\.arrival) == [base + .microseconds(250), base + .microseconds(75_250), base + .microseconds(74_250)])
        #expect(feedback.serialized() == bytes)
    }

    @Test func runLengthChunksOfEachSymbol() throws {
        // 20 small deltas of 1 ms, 3 large deltas of -250 µs, 16 missing: three run-length chunks.
        let smalls = String(repeating: "04 ", count: 20)
        let bytes = Self.packet(words: 13, fields: "FF F0 00 27 FF FF FF 00",
                                rest: "20 14 40 03 00 10 " + smalls + "FF FF FF FF FF FF")
        let feedback = try TransportFeedback(bytes: bytes)
        #expect(feedback.referenceTime == -1)
        #expect(feedback.statuses == Array(repeating: .received(delta: 4), count: 20) + Array(repeating: .received(delta: -1), count: 3)
                + Array(repeating: .notReceived, count: 16))
        // Our encoder packs the tail as a 2-bit vector and a shorter run: other bytes, same size.
        #expect(feedback.serialized().count == bytes.count)
        #expect(try TransportFeedback(bytes: feedback.serialized()) == feedback)
        // Sequence numbers wrap: 65520 + 16 = 0.
        #expect(feedback.receivedPackets.first?.sequenceNumber == 65520)
        #expect(feedback.receivedPackets.last?.sequenceNumber == 65520 &+ 22)
        #expect(feedback.receivedPackets[16].sequenceNumber == 0)
        #expect(feedback.receivedPackets.last?.arrival == .milliseconds(-64) + .milliseconds(20) - .microseconds(750))
    }

    @Test func extremeDeltasAndReferenceTimes() throws {
        let statuses: [Status] = [.received(delta: 255), .received(delta: 256), .received(delta: -32768), .received(delta: 32767), .received(delta: 0)]
        for referenceTime: Int32 in [0, 1, -1, 8_388_607, -8_388_608] {
            let feedback = TransportFeedback(senderSSRC: 9, mediaSSRC: 8, baseSequenceNumber: 65535, referenceTime: referenceTime,
                                             feedbackPacketCount: 255, statuses: statuses)
            let bytes = feedback.serialized()
            #expect(try TransportFeedback(bytes: bytes) == feedback)
            // 255 is small, the other non-small ones take 2 bytes: 1 + 2 + 2 + 2 + 1.
            #expect(bytes.count == TransportFeedback.serializedSize(chunkBytes: 2, deltaBytes: 8))
        }
        // Laid out by hand (also a fuzz seed): base 65534, reference time -2, 2-bit vector
        // 01 10 00 10 10 10, deltas 1, 300, -4, -32768, 32767.
        let bytes = Self.packet(words: 8, fields: "FF FE 00 06 FF FF FE 05", rest: "D8 A8 01 01 2C FF FC 80 00 7F FF 00")
        let parsed = try TransportFeedback(bytes: bytes)
        #expect(parsed.referenceTime == -2 && parsed.feedbackPacketCount == 5)
        #expect(parsed.statuses == [.received(delta: 1), .received(delta: 300), .notReceived, .received(delta: -4),
                                    .received(delta: -32768), .received(delta: 32767)])
        #expect(parsed.receivedPackets.map(\.sequenceNumber) == [65534, 65535, 1, 2, 3])
        #expect(parsed.serialized() == bytes)
        // Outside 24 bits the reference time is written modulo 2^24.
        let wrapped = TransportFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0, referenceTime: 8_388_608,
                                        feedbackPacketCount: 0, statuses: [.received(delta: 0)])
        #expect(try TransportFeedback(bytes: wrapped.serialized()).referenceTime == -8_388_608)
    }

    @Test func deltaBeyondSixteenBitsEndsTheMessage() throws {
        // The serializer cannot throw, so it writes the statuses before the first it cannot encode.
        let feedback = TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 100, referenceTime: 0, feedbackPacketCount: 0,
                                         statuses: [.received(delta: 1), .notReceived, .received(delta: 40000), .received(delta: 2)])
        #expect(feedback.writableStatusCount == 2)
        #expect(try TransportFeedback(bytes: feedback.serialized()).statuses == [.received(delta: 1), .notReceived])
        let negative = TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, referenceTime: 0, feedbackPacketCount: 0,
                                         statuses: [.received(delta: -32769)])
        #expect(negative.writableStatusCount == 0)
        #expect(try TransportFeedback(bytes: negative.serialized()).statuses.isEmpty)
        // More than 65535 statuses: the first 65535.
        let long = TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, referenceTime: 0, feedbackPacketCount: 0,
                                     statuses: Array(repeating: .notReceived, count: 70000) + [.received(delta: 1)])
        #expect(long.writableStatusCount == 65535)
        #expect(try TransportFeedback(bytes: long.serialized()).statuses == Array(repeating: .notReceived, count: 65535))
    }

    // MARK: Compact serialization

    @Test func serializationIsCompact() {
        func chunkBytes(_ statuses: [Status]) -> Int {
            var encoder = PacketStatusChunkEncoder(keepsChunks: true)
            for status in statuses { encoder.append(TransportFeedback.symbol(for: status)) }
            encoder.finish()
            #expect(encoder.encodedSize == 2 * encoder.chunks.count)
            let feedback = TransportFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0, referenceTime: 0, feedbackPacketCount: 0, statuses: statuses)
            let deltas = statuses.reduce(0) { $0 + Int(TransportFeedback.symbol(for: $1)) }
            #expect(feedback.serialized().count == TransportFeedback.serializedSize(chunkBytes: encoder.encodedSize, deltaBytes: deltas))
            return encoder.encodedSize
        }
        let small = Status.received(delta: 4), large = Status.received(delta: -4)
        // 8191 of one status fit one run-length chunk.
        #expect(chunkBytes(Array(repeating: .notReceived, count: 8191) + [small]) == 4)
        #expect(chunkBytes(Array(repeating: .notReceived, count: 8192)) == 4)
        #expect(chunkBytes(Array(repeating: large, count: 3000)) == 2)
        // Fourteen of small-or-missing in a one-bit vector, seven with a large one in a two-bit vector.
        #expect(chunkBytes((0..<14).map { $0 % 3 == 0 ? .notReceived : small }) == 2)
        #expect(chunkBytes([small, large, .notReceived, small, large, small, small]) == 2)
        #expect(chunkBytes([small, large, .notReceived, small, large, small, small, small]) == 4)
        // A long run between vectors stays a run.
        let mixed: [Status] = [small, .notReceived, small] + Array(repeating: small, count: 500) + [large, .notReceived]
        #expect(chunkBytes(mixed) <= 8)
    }

    @Test func seededRoundTrips() throws {
        var random = SeededRandom(seed: 0x7CC)
        for _ in 0..<2000 {
            var statuses: [Status] = []
            let runs = 1 + random.int(below: 12)
            for _ in 0..<runs {
                let length = 1 + random.int(below: random.chance(0.2) ? 300 : 10)
                for _ in 0..<length {
                    switch random.int(below: 4) {
                    case 0: statuses.append(.notReceived)
                    case 1, 2: statuses.append(.received(delta: Int32(random.int(below: 256))))
                    default: statuses.append(.received(delta: Int32(random.int(below: 65536)) - 32768))
                    }
                }
            }
            let feedback = TransportFeedback(senderSSRC: UInt32(truncatingIfNeeded: random.next()), mediaSSRC: 7,
                                             baseSequenceNumber: UInt16(truncatingIfNeeded: random.next()),
                                             referenceTime: Int32(random.int(below: 1 << 24)) - (1 << 23),
                                             feedbackPacketCount: UInt8(truncatingIfNeeded: random.next()), statuses: statuses)
            let bytes = feedback.serialized()
            #expect(bytes.count % 4 == 0)
            #expect(try TransportFeedback(bytes: bytes) == feedback)
        }
    }

    // MARK: Rejections

    @Test func malformedPacketsAreRejected() {
        let cases: [(String, [UInt8], String)] = [
            ("too short", Self.packet(words: 4, fields: "00 00 00 01", rest: ""),
             "RTCP transport feedback is 16 bytes, shorter than 20"),
            ("no chunk", Self.packet(words: 5, fields: "00 00 00 09 00 00 00 00", rest: ""),
             "RTCP transport feedback ends after 0 of 9 packet statuses"),
            ("chunks run out", Self.packet(words: 6, fields: "00 00 00 20 00 00 00 00", rest: "00 05 00 05"),
             "RTCP transport feedback ends after 10 of 32 packet statuses"),
            // pion's "example8" and "example9": deltas missing.
            ("small delta missing", hex("AF CD 00 05 FA 17 FA 17 43 03 2F A0 00 99 00 03 3D E8 02 17 20 03 94 01"),
             "RTCP transport feedback ends before the receive delta of status 1 of 3"),
            ("large delta cut", hex("AF CD 00 05 FA 17 FA 17 43 03 2F A0 00 99 00 02 3D E8 02 17 40 02 94 01"),
             "RTCP transport feedback ends before the receive delta of status 0 of 2"),
            // pion's "example2": a reserved symbol in its second 2-bit vector.
            ("reserved symbol", hex("AF CD 00 06 FA 17 FA 17 19 3D D8 BB 01 74 00 0E 45 B1 5A 40 D8 00 F0 FF D0 00 00 03"),
             "RTCP transport feedback uses the reserved packet status symbol 3 for status 7"),
        ]
        for (name, bytes, message) in cases {
            #expect(throws: ParseError(message), "\(name)") { try TransportFeedback(bytes: bytes) }
            #expect(throws: ParseError.self, "\(name)") { try RTCPPacket.parseCompound(bytes) }
        }
        // pion's "example3": the P bit set with a padding count of 0.
        #expect(throws: ParseError.self) {
            try TransportFeedback(bytes: hex("AF CD 00 07 FA 17 FA 17 19 3D D8 BB 01 74 00 06 45 B1 5A 40 40 02 20 04 1F FE 1F 9A D0 00 D0 00"))
        }
        // Another feedback format is not transport feedback.
        #expect(throws: ParseError("RTCP packet type 205 format 1 is not a transport-wide feedback")) {
            try TransportFeedback(bytes: hex("81 CD 00 03 00 00 00 01 00 00 00 02 00 05 00 00"))
        }
    }

    @Test func everyTruncationThrowsOrParses() {
        let bytes = hex("AF CD 00 07 9B 74 F6 1F 93 71 DC BC 85 3C 00 09 63 F9 16 B3 D5 52 00 30 9B AA 6A AA 7B 01 09 01")
        for length in 0..<bytes.count {
            // Fix the length field so the body itself is cut, not just the packet.
            var cut = Array(bytes.prefix(length))
            if cut.count >= 4 {
                cut[0] = 0x8F
                while cut.count % 4 != 0 { cut.removeLast() }
                cut[2] = 0
                cut[3] = UInt8(max(cut.count / 4 - 1, 0))
            }
            #expect(throws: ParseError.self, "\(length)") { try TransportFeedback(bytes: cut) }
        }
    }

    @Test func zeroLengthRunsAndTrailingBytesAreAccepted() throws {
        // A run of 0 adds no status; bytes after the deltas are padding.
        let bytes = Self.packet(words: 8, fields: "00 00 00 01 00 00 00 00", rest: "00 00 20 01 05 00 00 00 00 00 00 00")
        #expect(try TransportFeedback(bytes: bytes).statuses == [.received(delta: 5)])
    }
}
