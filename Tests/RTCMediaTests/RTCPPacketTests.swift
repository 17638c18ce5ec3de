import RTCBase
import Testing
@testable import RTCMedia

/// Each packet type from bytes laid out by hand from its RFC diagram, then back.
@Suite struct RTCPPacketTests {
    // RFC 3550 6.4.1: V=2 RC=1 PT=200 length=12 | SSRC | NTP sec, frac | RTP ts | packets | octets |
    // block: SSRC, fraction 0x40, cumulative -2, ext. highest 0x00010005, jitter 32, LSR, DLSR.
    static let senderReportBytes = hex("""
        81 C8 00 0C 12 34 56 78 E1 23 45 67 80 00 00 00 00 00 AA BB 00 00 00 0A 00 00 03 E8
        CA FE BA BE 40 FF FF FE 00 01 00 05 00 00 00 20 B7 05 20 00 00 05 40 00
        """)
    static let block = ReportBlock(
        ssrc: 0xCAFE_BABE, fractionLost: 0x40, cumulativeLost: -2, extendedHighestSequence: 0x0001_0005,
        jitter: 32, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)

    @Test func senderReport() throws {
        let report = try SenderReport(bytes: Self.senderReportBytes)
        #expect(report.ssrc == 0x1234_5678)
        #expect(report.ntpTime == NTPTime(seconds: 0xE123_4567, fraction: 0x8000_0000))
        #expect(report.rtpTimestamp == 0xAABB)
        #expect(report.packetCount == 10)
        #expect(report.octetCount == 1000)
        #expect(report.reportBlocks == [Self.block])
        #expect(report.serialized() == Self.senderReportBytes)
        #expect(try RTCPPacket(bytes: Self.senderReportBytes) == .senderReport(report))
    }

    @Test func receiverReport() throws {
        let bytes = hex("81 C9 00 07 12 34 56 78") + Self.senderReportBytes.suffix(24)
        let report = try ReceiverReport(bytes: bytes)
        #expect(report.ssrc == 0x1234_5678)
        #expect(report.reportBlocks == [Self.block])
        #expect(report.serialized() == bytes)
        // An RR with no blocks is 8 bytes.
        #expect(ReceiverReport(ssrc: 1).serialized() == hex("80 C9 00 01 00 00 00 01"))
    }

    @Test func cumulativeLostIsSigned24Bit() throws {
        var block = Self.block
        for value: Int32 in [0, 1, -1, 0x7F_FFFF, -0x80_0000] {
            block.cumulativeLost = value
            let report = ReceiverReport(ssrc: 9, reportBlocks: [block])
            #expect(try ReceiverReport(bytes: report.serialized()).reportBlocks[0].cumulativeLost == value)
        }
        block.cumulativeLost = 0x0100_0000
        #expect(try ReceiverReport(bytes: ReceiverReport(ssrc: 9, reportBlocks: [block]).serialized()).reportBlocks[0].cumulativeLost == 0x7F_FFFF)
    }

    @Test func sourceDescription() throws {
        // One chunk: SSRC, CNAME "abcd", end-of-list octet, one pad octet.
        let bytes = hex("81 CA 00 03 11 22 33 44 01 04 61 62 63 64 00 00")
        let sdes = try SourceDescription(bytes: bytes)
        #expect(sdes.chunks.count == 1)
        #expect(sdes.chunks[0].ssrc == 0x1122_3344)
        #expect(sdes.chunks[0].cname == "abcd")
        #expect(sdes.serialized() == bytes)
        #expect(SourceDescription(ssrc: 0x1122_3344, cname: "abcd") == sdes)
        // A chunk ending exactly on a word boundary still needs a full word of nulls.
        let aligned = SourceDescription(ssrc: 1, cname: "ab")
        #expect(aligned.serialized() == hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00"))
        let two = SourceDescription(chunks: [
            .init(ssrc: 1, items: [.init(type: 1, text: "x"), .init(type: SourceDescription.ItemType.tool, text: "kaamos")]),
            .init(ssrc: 2, items: []),
        ])
        #expect(try SourceDescription(bytes: two.serialized()) == two)
    }

    @Test func goodbye() throws {
        let bytes = hex("81 CB 00 02 11 22 33 44 03 62 79 65")
        let bye = try Goodbye(bytes: bytes)
        #expect(bye.sources == [0x1122_3344])
        #expect(bye.reasonText == "bye")
        #expect(bye.serialized() == bytes)
        let silent = Goodbye(sources: [1, 2])
        #expect(silent.serialized() == hex("82 CB 00 02 00 00 00 01 00 00 00 02"))
        #expect(try Goodbye(bytes: silent.serialized()) == silent)
        #expect(throws: ParseError.self) { try Goodbye(bytes: hex("81 CB 00 02 11 22 33 44 09 62 79 65")) }
    }

    @Test func genericNACK() throws {
        // RFC 4585 6.2.1: FMT=1 PT=205 | sender | media | PID 100, BLP 0b101 (101 and 103 lost).
        let bytes = hex("81 CD 00 03 11 11 11 11 22 22 22 22 00 64 00 05")
        let nack = try GenericNACK(bytes: bytes)
        #expect(nack.senderSSRC == 0x1111_1111)
        #expect(nack.mediaSSRC == 0x2222_2222)
        #expect(nack.entries == [.init(packetID: 100, lostBitmask: 5)])
        #expect(nack.lostSequenceNumbers == [100, 101, 103])
        #expect(GenericNACK(senderSSRC: 0x1111_1111, mediaSSRC: 0x2222_2222, lostSequenceNumbers: [100, 101, 103]) == nack)
        #expect(nack.serialized() == bytes)
    }

    @Test func nackPackingAcrossWrapAndGaps() {
        let lost: [UInt16] = [65530, 65535, 0, 10, 11, 27, 28, 500]
        let nack = GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: lost)
        // 65530 covers up to 65530+16 = 10 (wrapping); 11 starts a new entry covering 27; 28; 500.
        let expected: [GenericNACK.Entry] = [
            GenericNACK.Entry(packetID: 65530, lostBitmask: 0b1000_0000_0011_0000),
            GenericNACK.Entry(packetID: 11, lostBitmask: 0b1000_0000_0000_0000),
            GenericNACK.Entry(packetID: 28, lostBitmask: 0),
            GenericNACK.Entry(packetID: 500, lostBitmask: 0),
        ]
        #expect(nack.entries == expected)
        #expect(nack.lostSequenceNumbers == lost)
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            var sequence = UInt16(truncatingIfNeeded: random.next())
            var list: [UInt16] = []
            for _ in 0..<random.int(below: 60) {
                sequence &+= UInt16(1 + random.int(below: 20))
                list.append(sequence)
            }
            let packed = GenericNACK(senderSSRC: 0, mediaSSRC: 0, lostSequenceNumbers: list)
            #expect(packed.lostSequenceNumbers == list)
            #expect(packed.entries.count <= list.count)
        }
    }

    @Test func pictureLossIndication() throws {
        let bytes = hex("81 CE 00 02 11 11 11 11 22 22 22 22")
        let pli = try PictureLossIndication(bytes: bytes)
        #expect(pli == PictureLossIndication(senderSSRC: 0x1111_1111, mediaSSRC: 0x2222_2222))
        #expect(pli.serialized() == bytes)
    }

    @Test func fullIntraRequest() throws {
        // RFC 5104 4.3.1: FMT=4 PT=206 | sender | media 0 | FCI: SSRC, seq nr 7, reserved.
        let bytes = hex("84 CE 00 04 11 11 11 11 00 00 00 00 33 33 33 33 07 00 00 00")
        let fir = try FullIntraRequest(bytes: bytes)
        #expect(fir.senderSSRC == 0x1111_1111)
        #expect(fir.entries == [.init(ssrc: 0x3333_3333, sequenceNumber: 7)])
        #expect(fir.serialized() == bytes)
        #expect(throws: ParseError.self) { try FullIntraRequest(bytes: hex("84 CE 00 03 11 11 11 11 00 00 00 00 33 33 33 33")) }
    }

    @Test func remb() throws {
        // draft-alvestrand-rmcat-remb 2.2: "REMB", 1 SSRC, exp 2, mantissa 250000 = 1 Mbit/s.
        let bytes = hex("8F CE 00 05 11 11 11 11 00 00 00 00 52 45 4D 42 01 0B D0 90 44 44 44 44")
        let remb = try REMB(bytes: bytes)
        #expect(remb.bitrate == 1_000_000)
        #expect(remb.ssrcs == [0x4444_4444])
        #expect(remb.senderSSRC == 0x1111_1111)
        #expect(remb.serialized() == bytes)
        // Rounds down to 18 significant bits.
        let rounded = REMB(senderSSRC: 1, bitrate: 1_000_003, ssrcs: [])
        #expect(try REMB(bytes: rounded.serialized()).bitrate == 1_000_000)
        // Exponent 63 with a full mantissa saturates instead of overflowing.
        let huge = try REMB(bytes: hex("8F CE 00 04 00 00 00 01 00 00 00 00 52 45 4D 42 00 FF FF FF"))
        #expect(huge.bitrate == .max)
    }

    @Test func compoundRoundTrip() throws {
        let packets: [RTCPPacket] = [
            .senderReport(try SenderReport(bytes: Self.senderReportBytes)),
            .sourceDescription(SourceDescription(ssrc: 0x1234_5678, cname: "kaamos")),
            .genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [1, 2, 3])),
            .pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 2)),
            .fullIntraRequest(FullIntraRequest(senderSSRC: 1, entries: [.init(ssrc: 2, sequenceNumber: 255)])),
            .remb(REMB(senderSSRC: 1, bitrate: 2_500_000, ssrcs: [2, 3])),
            .transportFeedback(hex("8F CD 00 02 00 00 00 01 00 00 00 02")),
            .unknown(packetType: 204, bytes: hex("80 CC 00 02 00 00 00 01 6E 61 6D 65")),
            .goodbye(Goodbye(sources: [0x1234_5678], reason: "done")),
        ]
        let bytes = RTCPPacket.serializeCompound(packets)
        #expect(bytes.count % 4 == 0)
        let parsed = try RTCPPacket.parseCompound(bytes)
        #expect(parsed == packets)
        #expect(RTCPPacket.serializeCompound(parsed) == bytes)
    }

    @Test func paddingIsStripped() throws {
        // RR without blocks, P bit, 4 padding octets (last one counts them).
        let parsed = try RTCPPacket.parseCompound(hex("A0 C9 00 02 00 00 00 07 00 00 00 04"))
        #expect(parsed == [.receiverReport(ReceiverReport(ssrc: 7))])
    }

    @Test func unknownFeedbackFormatsAreKept() throws {
        // PSFB FMT 15 without the REMB identifier is some other application feedback.
        let bytes = hex("8F CE 00 03 00 00 00 01 00 00 00 00 41 42 43 44")
        #expect(try RTCPPacket.parseCompound(bytes) == [.unknown(packetType: 206, bytes: bytes)])
        // RTPFB FMT 3 (TMMBR) is not parsed either.
        let tmmbr = hex("83 CD 00 02 00 00 00 01 00 00 00 00")
        #expect(try RTCPPacket.parseCompound(tmmbr) == [.unknown(packetType: 205, bytes: tmmbr)])
    }

    @Test func rejectsMalformedCompounds() {
        let bad: [[UInt8]] = [
            [],
            hex("80 C9 00"),                                 // short header
            hex("40 C9 00 01 00 00 00 01"),                  // version 1
            hex("80 C9 00 02 00 00 00 01"),                  // length past the end
            hex("A0 C9 00 01 00 00 00 00"),                  // padding count 0
            hex("A0 C9 00 01 00 00 00 09"),                  // padding larger than the packet
            hex("81 C9 00 01 00 00 00 01"),                  // RC=1 without a block
            hex("80 C8 00 01 00 00 00 01"),                  // SR too short
            hex("81 CA 00 01 00 00 00 01"),                  // SDES chunk without end of list
            hex("81 CD 00 01 00 00 00 01"),                  // NACK without media SSRC
            hex("80 C9 00 01 00 00 00 01 80"),               // trailing garbage
        ]
        for bytes in bad {
            #expect(throws: ParseError.self, "\(bytes.hexString)") { try RTCPPacket.parseCompound(bytes) }
        }
    }
}
