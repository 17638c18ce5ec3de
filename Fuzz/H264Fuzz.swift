// modules: RTCBase RTCMedia
// libFuzzer target for the H.264 RTP payload parsers and the frame assembler. The input is a run
// of packets, each [payload length][sequence step, signed][flags: bit 0 marker, bit 1 new timestamp]
// then the payload; each payload also goes through the parsers on its own. Nothing may trap,
// and whatever the assembler hands out must be a whole Annex B access unit.

@_cdecl("LLVMFuzzerTestOneInput")
public func h264Fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = H264AnnexB.split(bytes)
    _ = try? H264SequenceParameterSet(nalUnit: bytes)
    var assembler = H264FrameAssembler(window: 64)
    var index = 0
    var sequence: UInt16 = 0
    var timestamp: UInt32 = 0
    var now = Instant.zero
    while index + 3 <= bytes.count {
        let length = Int(bytes[index]), step = bytes[index + 1], flags = bytes[index + 2]
        index += 3
        let payload = bytes[index..<min(index + length, bytes.count)]
        index += payload.count
        _ = H264RTPPayload.startsKeyframe(payload)
        if let parsed = try? H264RTPPayload(parsing: payload) { _ = parsed.beginsAccessUnit }
        sequence &+= UInt16(bitPattern: Int16(Int8(bitPattern: step)))
        if flags & 2 != 0 { timestamp &+= 3000 }
        now = now + .milliseconds(5)
        let packet = RTPPacket(marker: flags & 1 != 0, payloadType: 102, sequenceNumber: sequence, timestamp: timestamp,
                               ssrc: 1, payload: payload)
        for frame in assembler.insert(packet, now: now) + assembler.poll(now: now) {
            guard frame.data.starts(with: H264AnnexB.startCode) else { fatalError("H.264 frame without a start code") }
        }
        guard assembler.bufferedPackets <= 64 else { fatalError("H.264 assembler holds more than its window") }
    }
    return 0
}
