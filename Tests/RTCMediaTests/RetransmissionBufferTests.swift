import RTCBase
import Testing
@testable import RTCMedia

@Suite struct RetransmissionBufferTests {
    @Test func keepsTheLastCapacityPacketsAcrossWrap() {
        var buffer = RetransmissionBuffer(capacity: 1000)
        #expect(buffer.capacity == 1024)
        let first: UInt16 = 65000
        for i in 0..<3000 {
            let packet = RTPPacket(payloadType: 96, sequenceNumber: first &+ UInt16(i), timestamp: 0, ssrc: 1, payload: [UInt8(i % 256)])
            buffer.store(packet.serialized(), now: .milliseconds(Int64(i)))
        }
        for i in 0..<3000 {
            let sequence = first &+ UInt16(i)
            let stored = buffer.packet(for: sequence)
            if i >= 3000 - 1024 {
                #expect(stored.flatMap { try? RTPPacket(bytes: $0) }?.sequenceNumber == sequence)
                #expect(stored?.last == UInt8(i % 256))
            } else {
                #expect(stored == nil)
            }
        }
    }

    @Test func agedPacketsAreNotResent() {
        var buffer = RetransmissionBuffer(capacity: 16, maxAge: .milliseconds(500))
        buffer.store([1, 2, 3], sequenceNumber: 7, now: .zero)
        #expect(buffer.packet(for: 7, now: .milliseconds(500)) == [1, 2, 3])
        #expect(buffer.packet(for: 7, now: .milliseconds(501)) == nil)
        #expect(buffer.packet(for: 7) == [1, 2, 3])
        #expect(buffer.packet(for: 7 + 16) == nil)
        buffer.store([0x00], now: .zero)  // not RTP: ignored
        #expect(buffer.packet(for: 0) == nil)
    }

    @Test func answersANackWithTheHeldPackets() {
        var buffer = RetransmissionBuffer(capacity: 64)
        for sequence: UInt16 in [65534, 65535, 0, 1, 3] { buffer.store([UInt8(truncatingIfNeeded: sequence)], sequenceNumber: sequence, now: .zero) }
        let nack = GenericNACK(senderSSRC: 9, mediaSSRC: 1, lostSequenceNumbers: [65535, 0, 2, 3])
        #expect(buffer.packets(for: nack, now: .milliseconds(10)) == [[0xFF], [0x00], [0x03]])
        #expect(buffer.packets(for: nack, now: .milliseconds(5000)).isEmpty)
    }
}
