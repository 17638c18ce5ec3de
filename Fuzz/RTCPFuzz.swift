// modules: RTCBase RTCMedia
// libFuzzer target for RTCPPacket.parseCompound: parsing must throw, never trap, and a parsed
// compound must survive serialize/parse unchanged.

@_cdecl("LLVMFuzzerTestOneInput")
public func rtcpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let packets = try? RTCPPacket.parseCompound(bytes) else { return 0 }
    guard let again = try? RTCPPacket.parseCompound(RTCPPacket.serializeCompound(packets)), again.count == packets.count else {
        fatalError("serialized RTCP compound does not parse")
    }
    guard let third = try? RTCPPacket.parseCompound(RTCPPacket.serializeCompound(again)), third == again else {
        fatalError("RTCP round trip changed the packets")
    }
    // Transport feedback values always fit the wire, so they must come back exactly.
    for case .transportFeedback(let feedback) in packets {
        guard let again = try? TransportFeedback(bytes: feedback.serialized()), again == feedback else {
            fatalError("transport feedback round trip changed the message")
        }
        _ = feedback.receivedPackets
    }
    for case .genericNACK(let nack) in packets {
        let rebuilt = GenericNACK(senderSSRC: nack.senderSSRC, mediaSSRC: nack.mediaSSRC, lostSequenceNumbers: nack.lostSequenceNumbers)
        _ = rebuilt.lostSequenceNumbers
    }
    return 0
}
