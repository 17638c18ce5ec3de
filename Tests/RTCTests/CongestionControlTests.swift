import LinkEmulation
import RTCBase
import RTCCongestion
import RTCMedia
import RTCSDP
import Testing
@testable import RTC

/// Transport-wide congestion control between two peer connections: the extension and feedback
/// negotiated, the receiver's feedback flowing, and the sender's target following a bottleneck
/// on its uplink. Alice encodes at her target like a real encoder would.
@Suite struct CongestionControlTests {
    final class Call {
        let network = PeerNetwork()
        let alice: PeerConnection
        let bob: PeerConnection
        let aliceAddress = TransportAddress("10.0.0.1:5000")!
        var videoMid = ""
        var targets: [(Instant, Int)] = []

        init(bobCapabilities: LocalCodecCapabilities = .kaamos) throws {
            var configuration = PeerConnectionConfiguration()
            configuration.seed = 21
            alice = try PeerConnection(configuration: configuration)
            configuration.seed = 22
            configuration.capabilities = bobCapabilities
            bob = try PeerConnection(configuration: configuration)
            network.add(alice, address: aliceAddress)
            network.add(bob, address: TransportAddress("10.0.0.2:6000")!)
            _ = alice.addTrack(kind: .audio, streamID: "alice", trackID: "mic")
            videoMid = alice.addTrack(kind: .video, streamID: "alice", trackID: "cam")
            let now = network.now
            try bob.setRemoteDescription(sdp: try alice.createOffer(now: now).serialized(), isOffer: true, now: now)
            try alice.setRemoteDescription(sdp: try bob.createAnswer(now: now).serialized(), isOffer: false, now: now)
            network.drain()
            #expect(network.run(for: .seconds(5)) { self.alice.connectionState == .connected && self.bob.connectionState == .connected })
        }

        /// Sends 30 frames a second sized to Alice's target (less audio), and 20 ms audio.
        func run(for duration: Duration) {
            let end = network.now + duration
            var frame = 0
            while network.now < end {
                network.perform { now in
                    let bytes = max(alice.targetBitrate - 40_000, 30_000) / 8 / 30
                    let data = frame % 300 == 0 ? PeerConnectionCallTests.vp8Keyframe
                        : [0x31, 0x02, 0x00] + [UInt8](repeating: UInt8(frame & 0xFF), count: bytes)
                    alice.sendVideo(mid: videoMid, frame: data, capturedAt: now, now: now)
                    alice.sendAudio(mid: "0", opusPacket: [UInt8](repeating: 0xF8, count: 80), capturedAt: now, now: now)
                }
                network.run(for: .milliseconds(17))
                if network.spun {
                    Issue.record("a host asked to be woken in the past, again and again, at \(network.now)")
                    return
                }
                network.perform { now in
                    alice.sendAudio(mid: "0", opusPacket: [UInt8](repeating: 0xF8, count: 80), capturedAt: now, now: now)
                }
                network.run(for: .milliseconds(16))
                targets.append((network.now, alice.targetBitrate))
                frame += 1
            }
        }

        func targets(after start: Instant) -> [Int] { targets.filter { $0.0 >= start }.map(\.1) }
    }

    @Test func transportWideFeedbackIsNegotiatedAndFlows() throws {
        let call = try Call()
        call.run(for: .seconds(2))
        #expect(call.alice.congestionStats.transportWide)
        #expect(call.bob.congestionStats.feedbackSent > 20, "\(call.bob.congestionStats)")
        #expect(call.alice.congestionStats.feedbackReceived == call.bob.congestionStats.feedbackSent)
        #expect(call.alice.hasMeasuredPath)
        #expect(call.alice.congestionStats.acknowledgedBitrate != nil)
        let events = call.network.peers[0].events.filter {
            if case .targetBitrateChanged = $0 { return true } else { return false }
        }
        #expect(!events.isEmpty)
    }

    @Test func theTargetSettlesUnderABottleneckOnTheSendersUplink() throws {
        let call = try Call()
        call.network.bottlenecks[call.aliceAddress] = EmulatedLink(
            profile: try LinkProfile(parsing: "rate=500kbit,queue=300ms"), seed: 3)
        let start = call.network.now
        call.run(for: .seconds(12))
        let settled = call.targets(after: start + .seconds(6))
        let mean = settled.reduce(0, +) / max(settled.count, 1)
        #expect(mean > 280_000 && mean < 560_000, "mean target \(mean) after 8 s")
        let stats = call.bob.stats().inbound.first { $0.kind == .video }
        let lost = Double(stats?.packetsLost ?? 0) / Double(max(stats?.packetsReceived ?? 1, 1))
        #expect(lost < 0.05, "video loss \(lost)")
    }

    @Test func withoutTransportWideFeedbackTheTargetStandsAtItsStart() throws {
        var capabilities = LocalCodecCapabilities.kaamos
        capabilities.audioHeaderExtensions.removeAll { $0.uri == HeaderExtension.transportWideCCURI }
        capabilities.videoHeaderExtensions.removeAll { $0.uri == HeaderExtension.transportWideCCURI }
        let call = try Call(bobCapabilities: capabilities)
        call.run(for: .seconds(2))
        #expect(!call.alice.congestionStats.transportWide)
        #expect(call.bob.congestionStats.feedbackSent == 0)
        #expect(call.alice.targetBitrate == SendSideBandwidthEstimator.Configuration().startBitrate)
    }
}
