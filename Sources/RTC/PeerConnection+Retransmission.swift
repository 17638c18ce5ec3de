import RTCBase
import RTCMedia
import RTCSDP

/// What an incoming packet is, as far as RTX (RFC 4588) goes.
enum RetransmissionUnwrapping {
    /// A media packet: not RTX.
    case media
    /// An RTX packet turned back into the packet it repairs.
    case repaired(RTPPacket)
    /// An RTX packet without an original in it: padding a sender probes the path with.
    case padding
    /// An RTX packet whose media stream cannot be told.
    case unmatched
}

extension PeerConnection {
    /// The RTX packet that resends a stored media packet (RFC 4588 4: the original sequence
    /// number in front of the original payload, on the RTX SSRC and its own numbering); nil
    /// when RTX is not negotiated for that packet's format.
    func retransmissionPacket(wrapping bytes: [UInt8], on track: OutboundTrack, in transceiver: Transceiver) -> [UInt8]? {
        guard let rtxSSRC = track.rtxSSRC, let original = try? RTPPacket(bytes: bytes),
              let payloadType = transceiver.rtxPayloadType(repairing: original.payloadType) else { return nil }
        var payload: [UInt8] = [UInt8(original.sequenceNumber >> 8), UInt8(original.sequenceNumber & 0xFF)]
        payload.append(contentsOf: original.payload)
        let packet = RTPPacket(marker: original.marker, payloadType: payloadType, sequenceNumber: track.rtxSequenceNumber,
                               timestamp: original.timestamp, ssrc: rtxSSRC,
                               extensions: outgoingExtensions(mid: transceiver.mid), payload: payload[...])
        track.rtxSequenceNumber &+= 1
        track.retransmissionsAsRTX += 1
        return packet.serialized()
    }

    /// Tells RTX packets from media: an RTX one's m-line (its MID extension, the SSRCs the remote
    /// description lists, or a payload type only one m-line has) says which payload type it
    /// repairs, and its media SSRC comes from the "FID" group pairing them, or else is the one
    /// video stream that m-line receives.
    func unwrapRetransmission(_ packet: RTPPacket) -> RetransmissionUnwrapping {
        guard let negotiated else { return .media }
        var mid: String?
        if let midExtensionID, let value = packet.extension(id: midExtensionID) {
            mid = String(decoding: value, as: UTF8.self)
        }
        mid = mid ?? negotiated.mid(forSSRC: packet.ssrc) ?? negotiated.mid(forPayloadType: packet.payloadType)
        guard let mid, let section = negotiated.section(mid: mid),
              let rtx = section.codecs.first(where: { $0.payloadType == packet.payloadType }), rtx.isRTX else { return .media }
        guard packet.payload.count >= 2 else { return .padding }
        guard let associated = rtx.associatedPayloadType else { return .unmatched }
        let paired = section.ssrcGroups.first { $0.semantics.uppercased() == "FID" && $0.ssrcs.count == 2 && $0.ssrcs[1] == packet.ssrc }?.ssrcs[0]
        let receiving = inbound.values.filter { $0.mid == mid && $0.kind == section.kind }
        guard let ssrc = paired ?? (receiving.count == 1 ? receiving[0].ssrc : nil) else { return .unmatched }
        var original = packet
        original.ssrc = ssrc
        original.payloadType = associated
        original.sequenceNumber = UInt16(packet.payload[packet.payload.startIndex]) << 8
            | UInt16(packet.payload[packet.payload.startIndex + 1])
        original.payload = packet.payload.dropFirst(2)
        rtxPacketsReceived += 1
        return .repaired(original)
    }
}
