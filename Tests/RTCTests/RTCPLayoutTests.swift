import RTCBase
import RTCMedia
import RTCSDP
import Testing
@testable import RTC

/// The RTCP we send is laid out the way servers that file it by its first SSRC can read (Janus):
/// one m-line per compound, a report first, feedback from the SSRC of the m-line it is about.
@Suite struct RTCPLayoutTests {
    /// Alice sends audio and video; Bob sends audio only and receives video, so his feedback
    /// about Alice's video must come from a receive-only SSRC, not from his audio SSRC.
    final class Call {
        let network = PeerNetwork()
        let alice: PeerConnection
        let bob: PeerConnection
        var aliceVideoMid = ""
        var bobSent: [[RTCPPacket]] = []

        init(bobSendsVideo: Bool) throws {
            var configuration = PeerConnectionConfiguration()
            configuration.seed = 11
            alice = try PeerConnection(configuration: configuration)
            configuration.seed = 12
            bob = try PeerConnection(configuration: configuration)
            network.add(alice, address: TransportAddress("10.0.0.1:5000")!)
            network.add(bob, address: TransportAddress("10.0.0.2:6000")!)
            bob.rtcpSent = { [unowned self] in bobSent.append($0) }
            _ = alice.addTrack(kind: .audio, streamID: "alice", trackID: "mic")
            aliceVideoMid = alice.addTrack(kind: .video, streamID: "alice", trackID: "cam")
            let now = network.now
            try bob.setRemoteDescription(sdp: try alice.createOffer(now: now).serialized(), isOffer: true, now: now)
            _ = bob.addTrack(kind: .audio, streamID: "bob", trackID: "mic")
            if bobSendsVideo { _ = bob.addTrack(kind: .video, streamID: "bob", trackID: "cam") }
            try alice.setRemoteDescription(sdp: try bob.createAnswer(now: now).serialized(), isOffer: false, now: now)
            network.drain()
            #expect(network.run(for: .seconds(5)) { self.alice.connectionState == .connected && self.bob.connectionState == .connected })
        }

        /// Two seconds of audio both ways and Alice's video, a tenth of the media lost.
        func exchangeMedia() {
            network.mediaLoss = 0.1
            for frame in 0..<60 {
                network.perform { now in
                    alice.sendVideo(mid: aliceVideoMid, frame: frame % 30 == 0 ? PeerConnectionCallTests.vp8Keyframe
                                    : PeerConnectionCallTests.vp8DeltaFrame, capturedAt: now, now: now)
                    alice.sendAudio(mid: "0", opusPacket: [0xF8, UInt8(frame)], capturedAt: now, now: now)
                    bob.sendAudio(mid: "0", opusPacket: [0xF8, UInt8(frame)], capturedAt: now, now: now)
                }
                network.run(for: .milliseconds(33))
            }
            network.mediaLoss = 0
            network.run(for: .seconds(6))
        }

        func ssrc(of connection: PeerConnection, kind: MediaKind) -> UInt32? {
            connection.stats().outbound.first { $0.kind == kind }?.ssrc
        }
    }

    @Test(arguments: [true, false])
    func everyCompoundIsAboutOneMLineAndOpensWithAReportFromItsSSRC(bobSendsVideo: Bool) throws {
        let call = try Call(bobSendsVideo: bobSendsVideo)
        call.exchangeMedia()
        let aliceVideo = try #require(call.ssrc(of: call.alice, kind: .video))
        let aliceAudio = try #require(call.ssrc(of: call.alice, kind: .audio))
        let bobAudio = try #require(call.ssrc(of: call.bob, kind: .audio))
        let bobVideo = call.ssrc(of: call.bob, kind: .video)
        #expect(!call.bobSent.isEmpty)

        var feedbackAboutVideo = 0
        for compound in call.bobSent {
            // RFC 3550 §6.1: a report first; every packet from one SSRC.
            switch compound.first {
            case .senderReport?, .receiverReport?: break
            default: Issue.record("a compound opens with \(String(describing: compound.first))")
            }
            let senders = Set(compound.compactMap(\.senderSSRC))
            #expect(senders.count == 1, "one sender SSRC per compound: \(compound)")
            let aboutVideo = compound.flatMap(\.mediaSSRCs).contains(aliceVideo)
            let aboutAudio = compound.flatMap(\.mediaSSRCs).contains(aliceAudio)
            #expect(!(aboutVideo && aboutAudio), "audio and video in one compound: \(compound)")
            guard aboutVideo, let sender = senders.first else { continue }
            // About Alice's video: from Bob's video SSRC, or a receive-only one that is not his audio's.
            if let bobVideo { #expect(sender == bobVideo) } else { #expect(sender != bobAudio) }
            if compound.contains(where: { if case .genericNACK = $0 { true } else { false } }) { feedbackAboutVideo += 1 }
        }
        #expect(feedbackAboutVideo > 0, "10% loss should have made Bob ask for video again")
        // Alice still answered: retransmissions went out, and her picture requests were honoured.
        #expect((call.alice.stats().outbound.first { $0.kind == .video }?.retransmittedPacketsSent ?? 0) > 0)
    }

    @Test func aPictureLossRequestNamingOurAudioAsksForNoKeyframe() throws {
        let call = try Call(bobSendsVideo: false)
        call.exchangeMedia()
        let aliceAudio = try #require(call.ssrc(of: call.alice, kind: .audio))
        let aliceVideo = try #require(call.ssrc(of: call.alice, kind: .video))
        let before = call.network.peers[0].events.count
        // What a server that misfiles a request sends: a PLI for the audio SSRC, then one for video.
        call.network.perform { _ in
            call.bob.transmitRTCP([.receiverReport(ReceiverReport(ssrc: 7)),
                                           .pictureLossIndication(PictureLossIndication(senderSSRC: 7, mediaSSRC: aliceAudio))])
        }
        call.network.run(for: .milliseconds(50))
        let afterAudio = call.network.peers[0].events.dropFirst(before).filter { if case .keyframeRequested = $0 { true } else { false } }
        #expect(afterAudio.isEmpty, "a PLI for audio asked for a keyframe")
        call.network.perform { _ in
            call.bob.transmitRTCP([.receiverReport(ReceiverReport(ssrc: 7)),
                                           .pictureLossIndication(PictureLossIndication(senderSSRC: 7, mediaSSRC: aliceVideo))])
        }
        call.network.run(for: .milliseconds(50))
        let requests = call.network.peers[0].events.dropFirst(before).compactMap { event -> String? in
            if case let .keyframeRequested(mid) = event { mid } else { nil }
        }
        #expect(requests == [call.aliceVideoMid])
    }
}
