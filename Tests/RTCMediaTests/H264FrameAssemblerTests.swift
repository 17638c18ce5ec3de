import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264FrameAssemblerTests {
    struct SentFrame {
        var units: [[UInt8]]
        var timestamp: UInt32
        var packets: [RTPPacket]
        /// What the assembler must hand out: the NAL units after 4-byte start codes.
        var annexB: [UInt8] { H264AnnexB.join(units) }
    }

    /// `count` access units (every `keyframeInterval`-th an IDR with SPS and PPS), 1 to 3 slices
    /// each, packetized at `maxPayloadSize` from `firstSequence`, 3000 timestamp units apart.
    static func makeStream(count: Int, firstSequence: UInt16, seed: UInt64, maxPayloadSize: Int = 200,
                           keyframeInterval: Int = 10, maxSliceSize: Int = 900, minSliceSize: Int = 2) -> [SentFrame] {
        var maker = H264StreamMaker(random: SeededRandom(seed: seed))
        var packetizer = H264Packetizer(maxPayloadSize: maxPayloadSize)
        var sequence = firstSequence
        var frames: [SentFrame] = []
        for index in 0..<count {
            let units = maker.accessUnit(keyframe: index % keyframeInterval == 0, slices: 1 + index % 3,
                                         maxSliceSize: maxSliceSize, minSliceSize: minSliceSize)
            let timestamp = UInt32(1000 + index * 3000)
            let packets = rtpPackets(packetizer.packetize(frame: H264AnnexB.join(units)), firstSequence: sequence, timestamp: timestamp)
            sequence &+= UInt16(packets.count)
            frames.append(SentFrame(units: units, timestamp: timestamp, packets: packets))
        }
        return frames
    }

    static func feed(_ packets: [RTPPacket], to assembler: inout H264FrameAssembler, from start: Instant = .zero,
                     step: Duration = .milliseconds(1)) -> [AssembledFrame] {
        var now = start
        var out: [AssembledFrame] = []
        for packet in packets {
            now = now + step
            out += assembler.insert(packet, now: now)
        }
        return out
    }

    @Test func inOrderAccessUnitsComeOutWholeInAnnexB() {
        let frames = Self.makeStream(count: 25, firstSequence: 65500, seed: 1)
        var assembler = H264FrameAssembler()
        let out = Self.feed(frames.flatMap(\.packets), to: &assembler)
        #expect(out.map(\.data) == frames.map(\.annexB))
        #expect(out.map(\.timestamp) == frames.map(\.timestamp))
        #expect(out.map(\.firstSequence) == frames.map { $0.packets[0].sequenceNumber })
        #expect(out.map(\.lastSequence) == frames.map { $0.packets[$0.packets.count - 1].sequenceNumber })
        #expect(out.map(\.isKeyframe) == frames.indices.map { $0 % 10 == 0 })
        #expect(out.allSatisfy { !$0.followsGap && $0.pictureID == nil && $0.keyframeHeader == nil })
        // Keyframes carry their parameter sets, and the SPS gives the picture size.
        #expect(out[0].h264?.isSelfContained == true)
        #expect(out[0].width == 640 && out[0].height == 360)
        #expect(out[1].h264?.containsSPS == false && out[1].width == nil)
        #expect(out.map { $0.h264?.nalUnitCount } == frames.map(\.units.count))
        #expect(frames.contains { $0.packets.count > 3 })  // FU-As were exercised
        #expect(assembler.bufferedPackets == 0 && assembler.waitingFrames == 0 && assembler.nextTimeout() == nil)
    }

    /// Property: after local reordering, duplication and random loss, exactly the frames whose
    /// packets all arrived come out, each once, byte-identical, in order, and `followsGap` is set
    /// exactly on those whose predecessor was lost.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func shuffledLossyStreamGivesBackExactlyTheIntactFrames(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // One keyframe at the start: a later keyframe may rightly overtake waiting frames.
        let frames = Self.makeStream(count: 150, firstSequence: UInt16(truncatingIfNeeded: random.next()), seed: seed,
                                     keyframeInterval: 1000)
        var packets = frames.flatMap(\.packets)
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
        var assembler = H264FrameAssembler()
        var out = Self.feed(wire, to: &assembler)
        out += assembler.poll(now: .milliseconds(10_000))
        #expect(assembler.nextTimeout() == nil)
        #expect(assembler.bufferedPackets == 0 && assembler.waitingFrames == 0)

        let intact = frames.map { frame in frame.packets.allSatisfy { !dropped.contains($0.sequenceNumber) } }
        let expected = frames.indices.filter { intact[$0] }
        #expect(out.map(\.timestamp) == expected.map { frames[$0].timestamp })
        #expect(out.map(\.data) == expected.map { frames[$0].annexB })
        #expect(out.map(\.followsGap) == expected.map { $0 > 0 && !intact[$0 - 1] })
        #expect(!dropped.isEmpty)
        #expect(assembler.droppedFrames == 0 && assembler.malformedFrames == 0 && assembler.malformedPackets == 0)
    }

    /// A keyframe, two inter frames and a keyframe, each of a few packets: slices of 120 bytes or
    /// more are fragmented, so a keyframe's first packet is a STAP-A of just its SPS and PPS.
    private func threeFrames() -> [SentFrame] {
        Self.makeStream(count: 4, firstSequence: 65534, seed: 8, maxPayloadSize: 100, keyframeInterval: 3,
                        maxSliceSize: 250, minSliceSize: 120)
    }

    @Test func frameAfterAGapWaitsThenComesOutMarked() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler(maxReorderDelay: .milliseconds(50))
        #expect(Self.feed(frames[0].packets, to: &assembler, step: .zero).count == 1)
        // Frame 1 is lost; frame 2's first packet follows a missing one.
        for packet in frames[2].packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        #expect(assembler.waitingFrames == 1)
        #expect(assembler.nextTimeout() == .milliseconds(60))
        #expect(assembler.poll(now: .milliseconds(59)).isEmpty)
        let released = assembler.poll(now: .milliseconds(60))
        #expect(released.map(\.data) == [frames[2].annexB])
        #expect(released.first?.followsGap == true)
        // Frame 1 arriving now is too late to decode: ignored.
        for packet in frames[1].packets { #expect(assembler.insert(packet, now: .milliseconds(70)).isEmpty) }
        #expect(assembler.bufferedPackets == 0)
    }

    @Test func lateFrameFillsTheGapAndBothComeOutInOrder() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler()
        _ = Self.feed(frames[0].packets, to: &assembler, step: .zero)
        for packet in frames[2].packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        var out: [AssembledFrame] = []
        for packet in frames[1].packets.reversed() { out += assembler.insert(packet, now: .milliseconds(30)) }
        #expect(out.map(\.data) == [frames[1].annexB, frames[2].annexB])
        #expect(out.allSatisfy { !$0.followsGap })
        #expect(assembler.nextTimeout() == nil)
    }

    @Test func selfContainedKeyframeOvertakesWaitingFrames() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler()
        _ = Self.feed(frames[0].packets, to: &assembler, step: .zero)
        for packet in frames[2].packets { #expect(assembler.insert(packet, now: .milliseconds(10)).isEmpty) }
        let out = Self.feed(frames[3].packets, to: &assembler, from: .milliseconds(20), step: .zero)
        #expect(out.map(\.data) == [frames[3].annexB])
        #expect(out.first?.isKeyframe == true && out.first?.followsGap == true)
        #expect(out.first?.width == 640)
        #expect(assembler.droppedFrames == 1 && assembler.waitingFrames == 0)
    }

    /// The packet before an IDR is lost, and with it the parameter sets: the IDR cannot be
    /// decoded alone, so it does not jump the queue; it waits like any frame after a gap.
    @Test func keyframeWithoutItsParameterSetsWaits() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler()
        _ = Self.feed(frames[0].packets, to: &assembler, step: .zero)
        for packet in frames[2].packets { _ = assembler.insert(packet, now: .milliseconds(10)) }
        // Frame 3's first packet holds SPS and PPS.
        #expect(frames[3].packets[0].payload.first.map { $0 & 0x1F } == 24)
        for packet in frames[3].packets.dropFirst() { #expect(assembler.insert(packet, now: .milliseconds(20)).isEmpty) }
        #expect(assembler.waitingFrames == 2)
        let out = assembler.poll(now: .milliseconds(100))
        #expect(out.map(\.timestamp) == [frames[2].timestamp, frames[3].timestamp])
        #expect(out[1].isKeyframe && out[1].h264?.containsSPS == false && out[1].followsGap)
    }

    /// The parameter sets of a keyframe come after its slices: the frame, first completed from
    /// the IDR slice on, is rebuilt whole when they arrive, and then jumps the queue.
    @Test func lateParameterSetsRejoinTheirKeyframe() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler()
        _ = Self.feed(frames[0].packets, to: &assembler, step: .zero)
        for packet in frames[2].packets { _ = assembler.insert(packet, now: .milliseconds(10)) }
        for packet in frames[3].packets.dropFirst() { _ = assembler.insert(packet, now: .milliseconds(20)) }
        let out = assembler.insert(frames[3].packets[0], now: .milliseconds(25))
        #expect(out.map(\.data) == [frames[3].annexB])
        #expect(out.first?.h264?.isSelfContained == true)
        #expect(assembler.waitingFrames == 0)
    }

    /// A sender that never sets the marker: a frame ends where the next timestamp begins.
    @Test func timestampChangeEndsAFrameWithoutMarker() {
        var frames = Self.makeStream(count: 5, firstSequence: 10, seed: 9)
        for f in frames.indices { for p in frames[f].packets.indices { frames[f].packets[p].marker = false } }
        var assembler = H264FrameAssembler()
        let out = Self.feed(frames.flatMap(\.packets), to: &assembler)
        // The last frame waits for a packet that would end it.
        #expect(out.map(\.data) == frames.dropLast().map(\.annexB))
        #expect(out.allSatisfy { !$0.followsGap })
        #expect(assembler.bufferedPackets == frames[4].packets.count)
    }

    @Test func stalePartialFramesAreDropped() {
        let frames = Self.makeStream(count: 3, firstSequence: 100, seed: 5, maxPayloadSize: 60)
        var assembler = H264FrameAssembler(maxAge: .milliseconds(500))
        #expect(assembler.insert(frames[0].packets[0], now: .zero).isEmpty)
        #expect(assembler.bufferedPackets == 1)
        var out: [AssembledFrame] = []
        for packet in frames[1].packets { out += assembler.insert(packet, now: .milliseconds(600)) }
        out += assembler.poll(now: .milliseconds(700))
        #expect(out.map(\.data) == [frames[1].annexB])
        #expect(assembler.bufferedPackets == 0 && assembler.droppedPackets == 1)
        for packet in frames[0].packets.dropFirst() { out += assembler.insert(packet, now: .milliseconds(701)) }
        #expect(out.count == 1)
    }

    @Test func emptyAndUnparsablePayloadsAreIgnored() {
        var assembler = H264FrameAssembler()
        func packet(_ sequence: UInt16, _ payload: String, marker: Bool = true) -> RTPPacket {
            RTPPacket(marker: marker, payloadType: 102, sequenceNumber: sequence, timestamp: 9, ssrc: 1, payload: hex(payload))
        }
        #expect(assembler.insert(packet(1, ""), now: .zero).isEmpty)
        #expect(assembler.malformedPackets == 0)
        for (sequence, bytes) in [(2, "78 00 09 67 42"), (3, "7c"), (4, "79 00 01 02"), (5, "e5 b8 00"), (6, "78 00 02 e5 b8")] {
            #expect(assembler.insert(packet(UInt16(sequence), bytes), now: .zero).isEmpty)
        }
        #expect(assembler.malformedPackets == 5 && assembler.bufferedPackets == 0)
        // A single-packet frame after them: its start is inferred (packet 6 is gone), so it waits.
        #expect(assembler.insert(packet(7, "41 9a 02"), now: .zero).isEmpty)
        let frames = assembler.poll(now: .milliseconds(1_000))
        #expect(frames.map(\.data) == [hex("00 00 00 01 41 9a 02")])
        #expect(frames.first?.isKeyframe == false && frames.first?.followsGap == false)
    }

    /// FU-As that do not form whole NAL units make the frame unusable: dropped and counted,
    /// and the next good frame comes out marked as following a gap.
    @Test(arguments: [
        ["7c 85 b8 01", "7c 05 02", "41 9a 03"],  // a start without its end, then another unit
        ["41 9a 01", "7c 05 02", "7c 45 03"],  // fragments without their start
        ["7c 85 b8 01", "7c 81 9a 02", "7c 41 03"],  // a new start before the end
        ["7c 85 b8 01", "7c 01 02", "7c 45 03"],  // the type changes mid-unit
        ["7c 85 b8 01", "1e 00", "7c 45 03"],  // an ignored packet inside a unit
    ])
    func brokenFragmentationDropsTheFrame(payloads: [String]) {
        var assembler = H264FrameAssembler()
        let good = rtpPackets([hex("67 42 c0 1e 8c 8d 40 50 17 fc b0 0f 08 84 6a"), hex("68 ce 3c 80"), hex("65 b8 11")],
                              firstSequence: 1, timestamp: 0)
        #expect(Self.feed(good, to: &assembler).count == 1)
        let broken = rtpPackets(payloads.map(hex), firstSequence: 4, timestamp: 3000)
        #expect(Self.feed(broken, to: &assembler).isEmpty)
        #expect(assembler.malformedFrames == 1 && assembler.bufferedPackets == 0)
        let next = rtpPackets([hex("41 9a 04")], firstSequence: 7, timestamp: 6000)
        var out = Self.feed(next, to: &assembler)
        out += assembler.poll(now: .milliseconds(1_000))
        #expect(out.map(\.data) == [hex("00 00 00 01 41 9a 04")])
        #expect(out.first?.followsGap == true)
    }

    @Test func truncatedFUAAtTheEndOfAFrameIsDropped() {
        var assembler = H264FrameAssembler()
        // The marker packet is a middle fragment: the NAL unit never ends.
        let packets = rtpPackets([hex("09 f0"), hex("7c 85 b8 01"), hex("7c 05 02")], firstSequence: 40, timestamp: 0)
        #expect(Self.feed(packets, to: &assembler).isEmpty)
        #expect(assembler.poll(now: .milliseconds(5_000)).isEmpty)
        #expect(assembler.malformedFrames == 1)
    }

    @Test func duplicatesOfCompleteFramesAreIgnored() {
        let frames = threeFrames()
        var assembler = H264FrameAssembler()
        _ = Self.feed(frames[0].packets, to: &assembler)
        // Frame 2 completes but waits (frame 1 missing); its packets again must change nothing.
        _ = Self.feed(frames[2].packets, to: &assembler, from: .milliseconds(10))
        _ = Self.feed(frames[2].packets, to: &assembler, from: .milliseconds(20))
        #expect(assembler.bufferedPackets == 0 && assembler.waitingFrames == 1)
        let out = Self.feed(frames[1].packets, to: &assembler, from: .milliseconds(30))
        #expect(out.map(\.data) == [frames[1].annexB, frames[2].annexB])
    }

    /// A sender that restarts its sequence numbers far behind is followed after a run of
    /// "too old" packets instead of being ignored forever.
    @Test func resynchronizesAfterSequenceRestart() {
        let before = Self.makeStream(count: 40, firstSequence: 20_000, seed: 12, maxPayloadSize: 60, keyframeInterval: 100)
        let after = Self.makeStream(count: 40, firstSequence: 10_000, seed: 13, maxPayloadSize: 60, keyframeInterval: 100)
        var assembler = H264FrameAssembler()
        var out = Self.feed(before.flatMap(\.packets) + after.flatMap(\.packets), to: &assembler)
        out += assembler.poll(now: .milliseconds(100_000))
        #expect(Array(out.prefix(40)).map(\.data) == before.map(\.annexB))
        let restartedPackets = after.flatMap(\.packets)
        let firstUsable = restartedPackets[H264FrameAssembler.resynchronizeAfter - 1].sequenceNumber
        let expected = after.filter { $0.packets[0].sequenceNumber > firstUsable }
        #expect(!expected.isEmpty)
        #expect(Array(out.dropFirst(40).suffix(expected.count)).map(\.data) == expected.map(\.annexB))
    }

    /// Memory stays bounded whatever arrives: a flood of unrelated packets never holds more than
    /// the window.
    @Test func bufferNeverExceedsTheWindow() {
        var assembler = H264FrameAssembler(window: 64)
        var random = SeededRandom(seed: 77)
        var now = Instant.zero
        for index in 0..<5000 {
            now = now + .microseconds(100)
            // FU-A middles that never complete, with the sequence numbers running forward.
            let packet = RTPPacket(payloadType: 102, sequenceNumber: UInt16(truncatingIfNeeded: index * 3),
                                   timestamp: UInt32(random.next() & 0xFFFF), ssrc: 1, payload: hex("7c 05 01 02"))
            _ = assembler.insert(packet, now: now)
            #expect(assembler.bufferedPackets <= 64)
        }
    }
}
