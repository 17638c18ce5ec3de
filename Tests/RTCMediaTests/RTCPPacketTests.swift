import RTCBase
import Testing
@testable import RTCMedia

/// Compound packets (RFC 3550 6.1): splitting, padding, unknown types, rejection.
@Suite struct RTCPPacketTests {
    @Test func compoundRoundTrip() throws {
        let packets: [RTCPPacket] = [
            .senderReport(try SenderReport(bytes: SenderReportTests.senderReportBytes)),
            .sourceDescription(SourceDescription(ssrc: 0x1234_5678, cname: "kaamos")),
            .genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [1, 2, 3])),
            .pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 2)),
            .fullIntraRequest(FullIntraRequest(senderSSRC: 1, entries: [.init(ssrc: 2, sequenceNumber: 255)])),
            .remb(REMB(senderSSRC: 1, bitrate: 2_500_000, ssrcs: [2, 3])),
            .transportFeedback(TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 65534, referenceTime: -3,
                                                 feedbackPacketCount: 9, statuses: [.received(delta: 4), .notReceived, .received(delta: -1)])),
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
            hex("8F CD 00 02 00 00 00 01 00 00 00 02"),      // transport feedback without its fields
            hex("80 C9 00 01 00 00 00 01 80"),               // trailing garbage
        ]
        for bytes in bad {
            #expect(throws: ParseError.self, "\(bytes.hexString)") { try RTCPPacket.parseCompound(bytes) }
        }
    }

    @Test func routingSSRCs() throws {
        let sr = try SenderReport(bytes: SenderReportTests.senderReportBytes)
        #expect(RTCPPacket.senderReport(sr).senderSSRC == 0x1234_5678)
        #expect(RTCPPacket.senderReport(sr).mediaSSRCs == [0xCAFE_BABE])
        let nack = RTCPPacket.genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [5]))
        #expect(nack.senderSSRC == 1 && nack.mediaSSRCs == [2])
        let fir = RTCPPacket.fullIntraRequest(FullIntraRequest(senderSSRC: 1, entries: [.init(ssrc: 7, sequenceNumber: 0), .init(ssrc: 8, sequenceNumber: 1)]))
        #expect(fir.mediaSSRCs == [7, 8])
        #expect(RTCPPacket.goodbye(Goodbye(sources: [3])).senderSSRC == nil)
        #expect(RTCPPacket.remb(REMB(senderSSRC: 1, bitrate: 5, ssrcs: [4, 6])).mediaSSRCs == [4, 6])
        // Transport feedback is per leg: nothing to forward it to.
        let twcc = RTCPPacket.transportFeedback(TransportFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, referenceTime: 0,
                                                                  feedbackPacketCount: 0, statuses: [.received(delta: 0)]))
        #expect(twcc.senderSSRC == 1 && twcc.mediaSSRCs.isEmpty)
    }
}
