// modules: RTCBase RTCMedia
// libFuzzer target for RTPPacket: parsing must throw, never trap, and whatever parses must
// re-serialize to bytes that parse to the same packet.

@_cdecl("LLVMFuzzerTestOneInput")
public func rtpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = RTPHeaderPeek(bytes)
    _ = RTPPacket.isRTCP(bytes)
    guard let packet = try? RTPPacket(bytes: bytes) else { return 0 }
    guard let again = try? RTPPacket(bytes: packet.serialized()) else { fatalError("serialized RTP packet does not parse") }
    guard let third = try? RTPPacket(bytes: again.serialized()), third == again else { fatalError("RTP round trip changed the packet") }
    guard again.payload == packet.payload else { fatalError("RTP round trip changed the payload") }
    var assembler = VP8FrameAssembler()
    _ = assembler.insert(packet, now: .zero)
    return 0
}
