import ClientCore
import Foundation
import RTC
import RTCBase
import Testing

/// Our stack against aiortc, an independent WebRTC implementation, on this machine's interfaces:
/// ICE, DTLS with fingerprint checks, SRTP both ways, Opus and VP8 decoded by aiortc and VP8 frames
/// reassembled by us.
@Suite(.serialized, .enabled(if: AiortcPeer.isAvailable, "needs the project's virtualenv: run scripts/setup.sh"))
struct AiortcInteropTests {
    struct Received: Sendable {
        var videoFrames = 0
        var keyframes = 0
        var audioPackets = 0
        var failures: [String] = []
        var remoteTracks: [RemoteTrack] = []
    }

    @Test func weOfferAndMediaFlowsBothWays() async throws {
        try await runCall(weOffer: true, inboundLoss: 0)
    }

    @Test func aiortcOffersAndMediaFlowsBothWays() async throws {
        try await runCall(weOffer: false, inboundLoss: 0)
    }

    @Test func nackRecoversFromFivePercentLossOnOurReceivePath() async throws {
        try await runCall(weOffer: true, inboundLoss: 0.05)
    }

    private func runCall(weOffer: Bool, inboundLoss: Double) async throws {
        let fixtures = try MediaFixtures()
        let aiortc = try AiortcPeer(role: weOffer ? "answer" : "offer")
        defer { aiortc.stop() }
        let received = Locked(Received())
        let dropped = Locked((random: SeededRandom(seed: 42), count: 0))
        let lossFilter: @Sendable (Datagram) -> Bool = { datagram in
            // Loss on media only: RTP and RTCP (RFC 7983: first byte 128-191).
            guard let first = datagram.payload.first, first >= 128, first <= 191 else { return true }
            return dropped.withLock { state -> Bool in
                let keep = Double(state.random.next() % 10_000) / 10_000 >= inboundLoss
                if !keep { state.count += 1 }
                return keep
            }
        }
        let filter: (@Sendable (Datagram) -> Bool)? = inboundLoss == 0 ? nil : lossFilter
        let onEvent: @Sendable (PeerConnectionEvent) -> Void = { event in
            switch event {
            case let .localCandidate(candidate):
                aiortc.send(["type": "candidate", "candidate": candidate.candidate,
                             "sdpMid": candidate.sdpMid ?? "0", "sdpMLineIndex": candidate.sdpMLineIndex ?? 0])
            case let .videoFrame(frame):
                received.withLock {
                    $0.videoFrames += 1
                    if frame.isKeyframe { $0.keyframes += 1 }
                }
            case .audioPacket:
                received.withLock { $0.audioPackets += 1 }
            case let .remoteTrackAdded(track):
                received.withLock { $0.remoteTracks.append(track) }
            case let .failure(message):
                received.withLock { $0.failures.append(message) }
            default:
                break
            }
        }
        let session = try PeerSession(inboundFilter: filter, onEvent: onEvent)
        defer { session.close() }

        var audioMid = "", videoMid = ""
        if weOffer {
            audioMid = session.addTrack(kind: .audio, streamID: "kaamos", trackID: "mic")
            videoMid = session.addTrack(kind: .video, streamID: "kaamos", trackID: "cam")
            aiortc.send(["type": "offer", "sdp": try session.createOffer()])
            let answer = try #require(try await aiortc.description(timeout: .seconds(30)), "aiortc gave no answer:\n\(aiortc.log)")
            #expect(answer.type == "answer")
            try session.setRemoteDescription(sdp: answer.sdp, isOffer: false)
        } else {
            let offer = try #require(try await aiortc.description(timeout: .seconds(30)), "aiortc gave no offer:\n\(aiortc.log)")
            #expect(offer.type == "offer")
            try session.setRemoteDescription(sdp: offer.sdp, isOffer: true)
            audioMid = session.addTrack(kind: .audio, streamID: "kaamos", trackID: "mic")
            videoMid = session.addTrack(kind: .video, streamID: "kaamos", trackID: "cam")
            aiortc.send(["type": "answer", "sdp": try session.createAnswer()])
        }

        let start = ContinuousClock.now
        var frame = 0
        var audioPacket = 0
        var connectedAt: ContinuousClock.Instant?
        while ContinuousClock.now - start < .seconds(15) {
            if connectedAt == nil, session.connectionState == .connected { connectedAt = .now }
            if session.canSend(mid: videoMid) {
                session.sendVideo(mid: videoMid, frame: fixtures.videoFrames[frame % fixtures.videoFrames.count])
                frame += 1
                // 20 ms audio packets: about three for every 33 ms video frame.
                for _ in 0..<(frame % 3 == 0 ? 1 : 2) {
                    session.sendAudio(mid: audioMid, opusPacket: fixtures.opusPackets[audioPacket % fixtures.opusPackets.count])
                    audioPacket += 1
                }
            }
            let ours = received.withLock { $0 }
            let theirs = aiortc.report
            let enough = ours.videoFrames >= 30 && ours.audioPackets >= 50 && theirs.videoFrames >= 30 && theirs.audioFrames >= 50
            // Under loss, run long enough (about 180 video packets) for the loss to matter.
            if enough, inboundLoss == 0 || ContinuousClock.now - start > .seconds(7) { break }
            try await Task.sleep(for: .milliseconds(33))
        }

        let ours = received.withLock { $0 }
        let theirs = aiortc.report
        let stats = session.stats()
        let context = "ours: \(ours), theirs: \(theirs), stats: \(stats.inbound.map { ($0.kind, $0.packetsReceived, $0.packetsLost, $0.nackCount) }) \(stats.outbound.map { ($0.kind, $0.packetsSent, $0.retransmittedPacketsSent) }) srtp \(stats.srtpProfile ?? "none")\naiortc log:\n\(aiortc.log.suffix(3000))"
        #expect(connectedAt != nil, "never connected: \(context)")
        #expect(ours.failures.isEmpty, "\(context)")
        #expect(theirs.connection == "connected", "\(context)")
        #expect(theirs.videoFrames >= 30, "aiortc decoded too few VP8 frames: \(context)")
        #expect(theirs.audioFrames >= 50, "aiortc decoded too few Opus frames: \(context)")
        #expect(ours.videoFrames >= 30, "we reassembled too few VP8 frames: \(context)")
        #expect(ours.keyframes >= 1, "\(context)")
        #expect(ours.audioPackets >= 50, "\(context)")
        #expect(Set(ours.remoteTracks.map(\.kind)) == [.audio, .video], "\(context)")
        if inboundLoss > 0 {
            let lost = dropped.withLock { $0.count }
            #expect(lost > 10, "the filter dropped too little to test recovery: \(lost)")
            let video = try #require(stats.inbound.first { $0.kind == .video })
            #expect(video.nackCount > 0, "\(context)")
            // Every lost video packet came back by retransmission (a packet still missing at the end
            // may be in flight).
            #expect(video.packetsLost <= 2, "\(context)")
            #expect(ours.videoFrames >= 150, "\(context)")
        }
        if let connectedAt {
            print("interop weOffer=\(weOffer) loss=\(inboundLoss): connected after \(connectedAt - start) [from signaling], ours \(ours.videoFrames) video / \(ours.audioPackets) audio, aiortc decoded \(theirs.videoFrames) video / \(theirs.audioFrames) audio, srtp \(stats.srtpProfile ?? "-")")
        }
    }
}
