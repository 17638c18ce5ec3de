import RTCBase
import Testing
@testable import RTCMedia

@Suite struct VP8FrameAssemblerTests {
    struct SentFrame {
        var data: [UInt8]
        var timestamp: UInt32
        var packets: [RTPPacket]
    }

    /// Packetizes `count` random frames (every `keyframeInterval`-th a key frame with a real
    /// header) starting at `firstSequence`, 3000 timestamp units apart.
    static func makeStream(count: Int, firstSequence: UInt16, random: inout SeededRandom, maxPayloadSize: Int = 120,
                           keyframeInterval: Int = 10) -> [SentFrame] {
        var packetizer = VP8Packetizer(maxPayloadSize: maxPayloadSize, pictureID: 0x7FF0)
        var sequence = firstSequence
        var frames: [SentFrame] = []
        for index in 0..<count {
            var data = random.bytes(1 + random.int(below: 700))
            if index % keyframeInterval == 0 {
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
    /// packets all arrived come out, each once, byte-identical, in order, and `followsGap` is set
    /// exactly on those whose predecessor was lost.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func shuffledLossyStreamGivesBackExactlyTheIntactFrames(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // One key frame at the start: a later key frame may rightly overtake waiting frames.
        let frames = Self.makeStream(count: 150, firstSequence: UInt16(truncatingIfNeeded: random.next()), random: &random,
                                     keyframeInterval: 1000)
        var packets = frames.flatMap(\.packets)
        // The first frame arrives intact and in order (it anchors the order); the rest is
        // reordered within a window of 8 positions, some lost, some duplicated.
        let anchor = frames[0].packets.count
        for i in anchor..<packets.count {
            let j = min(packets.count - 1, i + random.int(below: 8))
            packets.swapAt(i, j)
        }
        var dropped = Set<UInt16>()
        var wire: [RTPPacket] = []
        for (index, packet) in packets.enumerated() {
            if index >= anchor, random.chance(0.03) { dropped.insert(packet.sequenceNumber); continue }
            wire.append(packet)
            if random.chance(0.02) { wire.append(packet) }
        }
        var assembler = VP8FrameAssembler()
        var now = Instant.zero
        var out: [AssembledFrame] = []
        for packet in wire {
            now = now + .milliseconds(1)
            out += assembler.insert(packet, now: now)
        }
        out += assembler.poll(now: now + .seconds(10))
        #expect(assembler.nextTimeout() == nil)
        #expect(assembler.bufferedPackets == 0 && assembler.waitingFrames == 0)

        let intact = frames.map { frame in frame.packets.allSatisfy { !dropped.contains($0.sequenceNumber) } }
        let expected = frames.indices.filter { intact[$0] }
        #expect(out.map(\.timestamp) == expected.map { frames[$0].timestamp })
        #expect(out.map(\.data) == expected.map { frames[$0].data })
        #expect(out.map(\.followsGap) == expected.map { $0 > 0 && !intact[$0 - 1] })
        #expect(!dropped.isEmpty)
        #expect(assembler.droppedFrames == 0)
    }

    /// Three frames A, B, C; B's packets come late or never.
    private func threeFrames() -> (SentFrame, SentFrame, SentFrame, VP8FrameAssembler) {
        var random = SeededRandom(seed: 8)
        let frames = Self.makeStream(count: 4, firstSequence: 65534, random: &random, maxPayloadSize: 100, keyframeInterval: 3)
        var assembler = VP8FrameAssembler(maxReorderDelay: .milliseconds(50))
        var out: [AssembledFrame] = []
        for packet in frames[0].packets { out += assembler.insert(packet, now: .zero) }
        #expect(out.count == 1)
        return (frames[1], frames[2], frames[3], assembler)
    }

    @Test func frameAfterAGapWaitsThenComesOutMarked() {
        var (b, c, _, assembler) = threeFrames()
        for packet in c.packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        #expect(assembler.waitingFrames == 1)
        #expect(assembler.nextTimeout() == .milliseconds(60))
        #expect(assembler.poll(now: .milliseconds(59)).isEmpty)
        let released = assembler.poll(now: .milliseconds(60))
        #expect(released.map(\.data) == [c.data])
        #expect(released.first?.followsGap == true)
        // B arriving now is too late to decode: ignored.
        for packet in b.packets { #expect(assembler.insert(packet, now: .milliseconds(70)).isEmpty) }
        #expect(assembler.bufferedPackets == 0)
    }

    /// The deadline is the one `poll` acts on: the lowest waiting frame's, even when a later frame
    /// completed first (a deadline from the later frame woke the driver in a loop).
    @Test func theDeadlineFollowsTheLowestWaitingFrame() {
        var random = SeededRandom(seed: 9)
        let frames = Self.makeStream(count: 4, firstSequence: 100, random: &random, maxPayloadSize: 100, keyframeInterval: 10)
        var assembler = VP8FrameAssembler(maxReorderDelay: .milliseconds(50))
        for packet in frames[0].packets { _ = assembler.insert(packet, now: .zero) }
        // B never comes; D completes at 10 ms, C only at 30 ms.
        for packet in frames[3].packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        for packet in frames[2].packets { #expect(assembler.insert(packet, now: .milliseconds(30)).isEmpty) }
        #expect(assembler.nextTimeout() == .milliseconds(80))
        #expect(assembler.poll(now: .milliseconds(79)).isEmpty)
        #expect(assembler.poll(now: .milliseconds(80)).map(\.data) == [frames[2].data, frames[3].data])
        #expect(assembler.nextTimeout() == nil)
    }

    @Test func lateFrameFillsTheGapAndBothComeOutInOrder() {
        var (b, c, _, assembler) = threeFrames()
        for packet in c.packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        var out: [AssembledFrame] = []
        for packet in b.packets.reversed() { out += assembler.insert(packet, now: .milliseconds(30)) }
        #expect(out.map(\.data) == [b.data, c.data])
        #expect(out.allSatisfy { !$0.followsGap })
        #expect(assembler.nextTimeout() == nil)
    }

    @Test func keyframeOvertakesWaitingFrames() {
        var (_, c, d, assembler) = threeFrames()
        #expect(!VP8KeyframeHeader.isKeyframe(c.data))
        #expect(VP8KeyframeHeader.isKeyframe(d.data))
        for packet in c.packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        var out: [AssembledFrame] = []
        for packet in d.packets { out += assembler.insert(packet, now: .milliseconds(20)) }
        #expect(out.map(\.data) == [d.data])
        #expect(out.first?.followsGap == true)
        #expect(out.first?.width == 640)
        #expect(assembler.droppedFrames == 1)
        #expect(assembler.waitingFrames == 0)
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

    /// A sender that restarts its sequence numbers far behind is followed after a run of
    /// "too old" packets instead of being ignored forever.
    @Test func resynchronizesAfterSequenceRestart() {
        var random = SeededRandom(seed: 12)
        let before = Self.makeStream(count: 40, firstSequence: 20_000, random: &random, maxPayloadSize: 60, keyframeInterval: 100)
        let after = Self.makeStream(count: 40, firstSequence: 10_000, random: &random, maxPayloadSize: 60, keyframeInterval: 100)
        var assembler = VP8FrameAssembler()
        var out: [AssembledFrame] = []
        var now = Instant.zero
        for packet in before.flatMap(\.packets) + after.flatMap(\.packets) {
            now = now + .milliseconds(1)
            out += assembler.insert(packet, now: now)
        }
        out += assembler.poll(now: now + .seconds(1))
        #expect(Array(out.prefix(40)).map(\.data) == before.map(\.data))
        // The first 64 packets after the restart are sacrificed; every frame after them comes out.
        let restartedPackets = after.flatMap(\.packets)
        let firstUsable = restartedPackets[VP8FrameAssembler.resynchronizeAfter - 1].sequenceNumber
        let expected = after.filter { $0.packets[0].sequenceNumber > firstUsable }
        #expect(!expected.isEmpty)
        #expect(Array(out.dropFirst(40).suffix(expected.count)).map(\.data) == expected.map(\.data))
    }
}
