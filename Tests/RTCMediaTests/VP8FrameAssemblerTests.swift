import RTCBase
import Testing
@testable import RTCMedia

@Suite struct VP8FrameAssemblerTests {
    struct SentFrame {
        var data: [UInt8]
        var timestamp: UInt32
        var packets: [RTPPacket]
    }

    /// Packetizes `count` random frames (the first a key frame with a real header) starting at
    /// `firstSequence`, 3000 timestamp units apart.
    static func makeStream(count: Int, firstSequence: UInt16, random: inout SeededRandom, maxPayloadSize: Int = 120) -> [SentFrame] {
        var packetizer = VP8Packetizer(maxPayloadSize: maxPayloadSize, pictureID: 0x7FF0)
        var sequence = firstSequence
        var frames: [SentFrame] = []
        for index in 0..<count {
            var data = random.bytes(1 + random.int(below: 700))
            if index % 10 == 0 {
                data = VP8KeyframeHeaderTests.keyframe + data
            } else {
                data[0] |= 1  // P = 1: inter frame
            }
            let timestamp = UInt32(1000 + index * 3000)
            let payloads = packetizer.packetize(frame: data)
            var packets: [RTPPacket] = []
            for (i, payload) in payloads.enumerated() {
                packets.append(RTPPacket(marker: i == payloads.count - 1, payloadType: 96, sequenceNumber: sequence,
                                         timestamp: timestamp, ssrc: 42, payload: payload))
                sequence &+= 1
            }
            frames.append(SentFrame(data: data, timestamp: timestamp, packets: packets))
        }
        return frames
    }

    @Test func inOrderFramesComeOutWhole() {
        var random = SeededRandom(seed: 11)
        let frames = Self.makeStream(count: 12, firstSequence: 65530, random: &random)
        var assembler = VP8FrameAssembler()
        var now = Instant.zero
        var out: [AssembledFrame] = []
        for frame in frames {
            for packet in frame.packets {
                now = now + .milliseconds(1)
                out += assembler.insert(packet, now: now)
            }
        }
        #expect(out.map(\.data) == frames.map(\.data))
        #expect(out.map(\.timestamp) == frames.map(\.timestamp))
        #expect(out.map(\.firstSequence) == frames.map { $0.packets[0].sequenceNumber })
        #expect(out.map(\.isKeyframe) == frames.indices.map { $0 % 10 == 0 })
        #expect(out[0].width == 640 && out[0].height == 480)
        #expect(out[1].keyframeHeader == nil)
        // Picture IDs advance by one per frame and wrap at 15 bits.
        #expect(out.map(\.pictureID) == (0..<12).map { UInt16((0x7FF0 + $0) & 0x7FFF) })
        #expect(assembler.bufferedPackets == 0)
    }

    /// Property: after local reordering, duplication and random loss, exactly the frames whose
    /// packets all arrived come out, each once and byte-identical.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func shuffledLossyStreamGivesBackExactlyTheIntactFrames(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let frames = Self.makeStream(count: 150, firstSequence: UInt16(truncatingIfNeeded: random.next()), random: &random)
        var packets = frames.flatMap(\.packets)
        // Reorder within a window of 8 positions.
        for i in packets.indices {
            let j = min(packets.count - 1, i + random.int(below: 8))
            packets.swapAt(i, j)
        }
        var dropped = Set<UInt16>()
        var wire: [RTPPacket] = []
        for packet in packets {
            if random.chance(0.03) { dropped.insert(packet.sequenceNumber); continue }
            wire.append(packet)
            if random.chance(0.02) { wire.append(packet) }
        }
        var assembler = VP8FrameAssembler()
        var now = Instant.zero
        var out: [UInt32: [AssembledFrame]] = [:]
        for packet in wire {
            now = now + .milliseconds(1)
            for frame in assembler.insert(packet, now: now) { out[frame.timestamp, default: []].append(frame) }
        }
        for frame in frames {
            let intact = frame.packets.allSatisfy { !dropped.contains($0.sequenceNumber) }
            let got = out[frame.timestamp] ?? []
            if intact {
                #expect(got.count == 1, "frame \(frame.timestamp) came out \(got.count) times")
                #expect(got.first?.data == frame.data)
                #expect(got.first?.firstSequence == frame.packets[0].sequenceNumber)
            } else {
                #expect(got.isEmpty, "frame \(frame.timestamp) with a lost packet came out")
            }
        }
        #expect(!dropped.isEmpty)
    }

    @Test func stalePartialFramesAreDropped() {
        var random = SeededRandom(seed: 5)
        let frames = Self.makeStream(count: 3, firstSequence: 100, random: &random, maxPayloadSize: 60)
        var assembler = VP8FrameAssembler(maxAge: .milliseconds(500))
        // Only the first packet of frame 0 arrives.
        #expect(assembler.insert(frames[0].packets[0], now: .zero).isEmpty)
        #expect(assembler.bufferedPackets == 1)
        // Frame 1 arrives 600 ms later: complete, and frame 0's fragment expires.
        var out: [AssembledFrame] = []
        for packet in frames[1].packets { out += assembler.insert(packet, now: .milliseconds(600)) }
        #expect(out.map(\.data) == [frames[1].data])
        #expect(assembler.bufferedPackets == 0)
        #expect(assembler.droppedPackets == 1)
        // The rest of frame 0 now cannot complete it: its start was dropped.
        for packet in frames[0].packets.dropFirst() { out += assembler.insert(packet, now: .milliseconds(601)) }
        #expect(out.count == 1)
    }

    @Test func malformedAndEmptyPayloadsAreIgnored() {
        var assembler = VP8FrameAssembler()
        let empty = RTPPacket(marker: true, payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: [])
        let truncated = RTPPacket(marker: true, payloadType: 96, sequenceNumber: 2, timestamp: 0, ssrc: 1, payload: [0x80])
        #expect(assembler.insert(empty, now: .zero).isEmpty)
        #expect(assembler.insert(truncated, now: .zero).isEmpty)
        #expect(assembler.malformedPackets == 1)
        // A single-packet frame with a bare descriptor.
        let single = RTPPacket(marker: true, payloadType: 96, sequenceNumber: 3, timestamp: 9, ssrc: 1, payload: [0x10, 0x91, 0x00])
        let frames = assembler.insert(single, now: .zero)
        #expect(frames.map(\.data) == [[0x91, 0x00]])
        #expect(frames.first?.isKeyframe == false)
        #expect(frames.first?.pictureID == nil)
    }
}
