import KaamosSFU
import RTC
import RTCBase
import RTCMedia
import RTCSDP
import Testing

/// Which video codec the SFU answers each publisher with, and what it forwards to whom.
@Suite struct SFUCodecChoiceTests {
    /// Annex B access units: real Constrained Baseline parameter sets (libopenh264, 640x360) and
    /// slice headers; the slice data is filler.
    static let h264Keyframe: [UInt8] = [0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0x8c, 0x8d, 0x40, 0x50, 0x17, 0xfc, 0xb0, 0x0f, 0x08, 0x84, 0x6a,
                                        0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80,
                                        0, 0, 0, 1, 0x65, 0xb8, 0x00, 0x04] + [UInt8](repeating: 0x55, count: 2500)
    static let h264Delta: [UInt8] = [0, 0, 0, 1, 0x41, 0x9a, 0x02] + [UInt8](repeating: 0x66, count: 1500)

    /// Every client sends frames of the codec its video m-line negotiated, and audio.
    func sendMedia(_ network: SFUTestNetwork, frames: Int) throws {
        for index in 0..<frames {
            try network.perform { now in
                for (_, client) in network.clients {
                    let frame: [UInt8] = switch client.videoCodec(mid: "1") {
                    case .h264: index == 0 ? Self.h264Keyframe : Self.h264Delta
                    default: index == 0 ? SFUForwardingTests.keyframe : SFUForwardingTests.delta
                    }
                    client.sendVideo(mid: "1", frame: frame, capturedAt: now, now: now)
                    client.sendAudio(mid: "0", opusPacket: [0xF8, UInt8(index)], capturedAt: now, now: now)
                }
            }
            _ = try network.run(for: .milliseconds(33))
        }
    }

    @Test func aPublisherPreferringH264SendsItWhenEveryoneElseDecodesIt() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice")
        let bob = try network.join("bob", videoCodecs: ["H264", "VP8"])
        #expect(try network.run(for: .seconds(3)) { alice.connectionState == .connected && bob.connectionState == .connected })
        #expect(bob.videoCodec(mid: "1") == .h264)
        #expect(alice.videoCodec(mid: "1") == .vp8)
        try sendMedia(network, frames: 30)
        _ = try network.run(for: .seconds(1))

        let aliceGets = network.frames(of: "alice")
        #expect(aliceGets.count >= 25)
        #expect(aliceGets.allSatisfy { $0.codec == .h264 })
        #expect(aliceGets.first?.codec == .h264)
        #expect(aliceGets.first?.isKeyframe == true)
        #expect(aliceGets.first?.width == 640 && aliceGets.first?.height == 360)
        let bobGets = network.frames(of: "bob")
        #expect(bobGets.count >= 25)
        #expect(bobGets.allSatisfy { $0.codec == .vp8 })
    }

    @Test func aPublisherPreferringACodecSomeoneLacksSendsOneTheyShare() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice", videoCodecs: ["VP8"])
        let bob = try network.join("bob", videoCodecs: ["H264", "VP8"])
        #expect(try network.run(for: .seconds(3)) { alice.connectionState == .connected && bob.connectionState == .connected })
        #expect(bob.videoCodec(mid: "1") == .vp8)
        try sendMedia(network, frames: 30)
        _ = try network.run(for: .seconds(1))
        #expect(network.frames(of: "alice").count >= 25)
        #expect(network.frames(of: "alice").allSatisfy { $0.codec == .vp8 })
    }

    @Test func codecsNobodySharesAreReportedAndNotForwarded() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice", videoCodecs: ["VP8"])
        let bob = try network.join("bob", videoCodecs: ["H264"])
        #expect(try network.run(for: .seconds(3)) { alice.connectionState == .connected && bob.connectionState == .connected })
        #expect(bob.videoCodec(mid: "1") == .h264)
        try sendMedia(network, frames: 30)
        _ = try network.run(for: .seconds(1))
        #expect(network.frames(of: "alice").count == 0)
        #expect(network.frames(of: "bob").count == 0)
        // Audio still flows both ways.
        #expect(network.audioPackets(of: "alice").count >= 25)
        #expect(network.audioPackets(of: "bob").count >= 25)
        let reasons = network.sfuEvents.compactMap { event -> (String, String)? in
            if case let .mediaRejected(id, rejection) = event { (id, rejection.reason) } else { nil }
        }
        #expect(reasons.contains { $0.0 == "alice" && $0.1.contains("bob sends H264") }, "\(reasons)")
        #expect(reasons.contains { $0.0 == "bob" && $0.1.contains("alice sends VP8") }, "\(reasons)")
        // Once per subscription, not once per packet.
        #expect(reasons.filter { $0.1.contains("sends") }.count == 2, "\(reasons)")
    }

    @Test func aLateJoinerWhoLacksAPublishersCodecSwitchesThatPublisher() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice")
        #expect(try network.run(for: .seconds(2)) { alice.connectionState == .connected })
        #expect(alice.videoCodec(mid: "1") == .vp8)
        let bob = try network.join("bob", videoCodecs: ["H264"])
        #expect(try network.run(for: .seconds(3)) { bob.connectionState == .connected && alice.videoCodec(mid: "1") == .h264 })
        try sendMedia(network, frames: 30)
        _ = try network.run(for: .seconds(1))
        let bobGets = network.frames(of: "bob")
        #expect(bobGets.count >= 25)
        #expect(bobGets.allSatisfy { $0.codec == .h264 })
        #expect(bobGets.first?.isKeyframe == true)
        #expect(network.frames(of: "alice").count >= 25)
        let rejections = network.sfuEvents.filter { if case .mediaRejected = $0 { true } else { false } }
        #expect(rejections.count == 0, "\(rejections)")
    }
}
