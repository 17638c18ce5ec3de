// modules: RTCBase RTCMedia
// libFuzzer target for RTPPacket: parsing must throw, never trap, and whatever parses must
// re-serialize to bytes that parse to the same packet. The input is also cut into
// length-prefixed packets (one length byte each) fed to the VP8 assembler, the NACK generator
// and the receive statistics, so their state machines see fuzzed sequences too.

@_cdecl("LLVMFuzzerTestOneInput")
public func rtpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = RTPHeaderPeek(bytes)
    _ = RTPPacket.isRTCP(bytes)
    if let packet = try? RTPPacket(bytes: bytes) {
        guard let again = try? RTPPacket(bytes: packet.serialized()) else { fatalError("serialized RTP packet does not parse") }
        guard let third = try? RTPPacket(bytes: again.serialized()), third == again else { fatalError("RTP round trip changed the packet") }
        guard again.payload == packet.payload else { fatalError("RTP round trip changed the payload") }
    }

    var assembler = VP8FrameAssembler(maxAge: .milliseconds(100), maxReorderDelay: .milliseconds(20), window: 64)
    var nack = NackGenerator(maxMissing: 50, maxRequests: 3)
    var stats = ReceiveStatistics(ssrc: 1, clockRate: 90000)
    var index = 0
    var now = Instant.zero
    while index < bytes.count {
        let length = Int(bytes[index])
        index += 1
        let end = min(bytes.count, index + length)
        now = now + .milliseconds(Int64(length % 16))
        if let packet = try? RTPPacket(bytes: bytes[index..<end]) {
            _ = assembler.insert(packet, now: now)
            nack.insert(sequence: packet.sequenceNumber, now: now)
            stats.insert(packet, arrival: now)
        }
        _ = nack.pollNACK(now: now, rtt: .milliseconds(Int64(length)))
        _ = assembler.poll(now: now)
        index = end
    }
    _ = stats.makeReportBlock(now: now)
    guard assembler.bufferedPackets <= assembler.window, nack.missingSequenceNumbers.count <= nack.maxMissing else {
        fatalError("assembler or NACK list outgrew its bound")
    }
    return 0
}
