import MediaIO
import RTCBase
import Testing
@testable import ClientCore
@testable import RTC
@testable import TerminalUI

/// The call view's model from a call's state, on a virtual clock.
@Suite struct CallViewPresenterTests {
    static func media(picture: Bool = true, speaking: Bool = false, fps: Double = 0, frames: Int = 0,
                      freezes: Int = 0, latency: Double? = nil) -> RemoteMedia.ParticipantMedia {
        var media = RemoteMedia.ParticipantMedia()
        media.picture = picture ? I420Frame(width: 4, height: 4) : nil
        media.pictureSerial = 1
        media.speaking = speaking
        media.framesDecoded = frames
        media.framesPerSecond = fps
        media.freezes = freezes
        media.latencyMilliseconds = latency
        return media
    }

    static func stats(received: Int64 = 0, sent: Int64 = 0, packets: Int64 = 0, lost: Int64 = 0,
                      relayed: Bool = false) -> PeerConnectionStats {
        PeerConnectionStats(
            connectionState: .connected, iceConnectionState: .connected,
            selectedLocal: TransportAddress(host: "192.0.2.1", port: 50000),
            selectedRemote: TransportAddress(host: "198.51.100.7", port: 3478),
            selectedLocalType: relayed ? .relayed : .host, iceRoundTripTime: .milliseconds(42),
            srtpProfile: "SRTP_AEAD_AES_128_GCM",
            outbound: [PeerConnectionStats.Outbound(
                mid: "1", kind: .video, ssrc: 1, packetsSent: 900, bytesSent: sent, retransmittedPacketsSent: 3,
                framesSent: 300, nackCount: 2, pliCount: 1, firCount: 0, roundTripTime: nil,
                remoteFractionLost: nil, remoteJitter: nil)],
            inbound: [PeerConnectionStats.Inbound(
                mid: "3", kind: .video, ssrc: 2, packetsReceived: packets, bytesReceived: received, packetsLost: lost,
                jitter: 0.0042, nackCount: 4, pliCount: 0, firCount: 0, framesReceived: 250)],
            discardedPackets: 0)
    }

    static func state(phase: CallState.Phase = .connected, participants: [CallState.Participant] = [],
                      stats: PeerConnectionStats? = nil) -> CallState {
        var state = CallState()
        state.phase = phase
        state.participants = participants
        state.stats = stats
        state.connectionState = stats?.connectionState ?? .new
        return state
    }

    static func present(_ state: CallState, media: [String: RemoteMedia.ParticipantMedia] = [:],
                        insecure: Bool = false, firstFrame: Double? = nil) -> CallViewModel {
        var presenter = CallViewPresenter(insecure: insecure)
        var model = CallViewModel(roomID: "room1", selfName: "alice")
        presenter.present(state, media: media, firstFrameMilliseconds: firstFrame, now: .zero, into: &model)
        return model
    }

    @Test func tilesFollowTheParticipantsThenTracksNobodyNamed() {
        let participants = [CallState.Participant(id: "p2", name: "bob", audio: false, video: true),
                            CallState.Participant(id: "p3", name: "carol", audio: true, video: false)]
        let media = ["p2": Self.media(speaking: true), "p3": Self.media(), "track-9": Self.media(picture: false),
                     "track-4": Self.media(speaking: true)]
        let model = Self.present(Self.state(participants: participants), media: media)
        #expect(model.tiles == [
            CallViewModel.Tile(id: "p2", name: "bob", micOn: false, cameraOn: true, speaking: true, hasVideo: true),
            // Pictures of a camera said to be off show as a name card.
            CallViewModel.Tile(id: "p3", name: "carol", micOn: true, cameraOn: false, speaking: false, hasVideo: false),
            CallViewModel.Tile(id: "track-4", name: "track-4", speaking: true, hasVideo: true),
            CallViewModel.Tile(id: "track-9", name: "track-9", speaking: false, hasVideo: false),
        ])
        // Someone named with no media yet has a tile without video.
        let waiting = Self.present(Self.state(participants: [CallState.Participant(id: "p5", name: "dan", audio: true, video: true)]))
        #expect(waiting.tiles == [CallViewModel.Tile(id: "p5", name: "dan", hasVideo: false)])
    }

    @Test func theStatusLineSaysWhereTheCallIs() {
        #expect(Self.present(Self.state(phase: .connecting)).status.connection == "connecting")
        #expect(Self.present(Self.state(phase: .connected, stats: Self.stats())).status.connection == "connected")
        // Connected once, but the media connection says otherwise now.
        var interrupted = Self.state(phase: .connected, stats: Self.stats())
        interrupted.connectionState = .disconnected
        #expect(Self.present(interrupted).status.connection == "disconnected")
        #expect(Self.present(Self.state(phase: .reconnecting(attempt: 2, inSeconds: 3))).status.connection == "reconnecting (2) in 3 s")
        #expect(Self.present(Self.state(phase: .ended(.left))).status.connection == "ended")
    }

    @Test func lossIsOfThePacketsExpected() {
        #expect(Self.present(Self.state()).status.lossPct == nil)
        #expect(Self.present(Self.state(stats: Self.stats(packets: 0, lost: 0))).status.lossPct == nil)
        #expect(Self.present(Self.state(stats: Self.stats(packets: 950, lost: 50))).status.lossPct == 5)
        // Duplicates make RTCP's cumulative loss negative; that counts as none.
        #expect(Self.present(Self.state(stats: Self.stats(packets: 100, lost: -3))).status.lossPct == 0)
    }

    @Test func bitratesAreMeasuredOverASecond() {
        var presenter = CallViewPresenter(insecure: false)
        var model = CallViewModel(roomID: "room1", selfName: "alice")
        func present(received: Int64, sent: Int64, at milliseconds: Int64) {
            presenter.present(Self.state(stats: Self.stats(received: received, sent: sent)), media: [:],
                              firstFrameMilliseconds: nil, now: .milliseconds(milliseconds), into: &model)
        }
        present(received: 0, sent: 0, at: 0)
        #expect(model.status.bitrateInKbps == 0 && model.status.bitrateOutKbps == 0)
        // Within the second nothing changes, whatever the counters say.
        present(received: 50_000, sent: 10_000, at: 500)
        #expect(model.status.bitrateInKbps == 0)
        present(received: 125_000, sent: 25_000, at: 1000)
        #expect(model.status.bitrateInKbps == 1000 && model.status.bitrateOutKbps == 200)
        present(received: 200_000, sent: 50_000, at: 1500)
        #expect(model.status.bitrateInKbps == 1000)
        // Two seconds later: the rate over those two seconds.
        present(received: 375_000, sent: 75_000, at: 3000)
        #expect(model.status.bitrateInKbps == 1000 && model.status.bitrateOutKbps == 200)
    }

    @Test func insecureAndRelayedAreFlagged() throws {
        let relayed = Self.present(Self.state(stats: Self.stats(relayed: true)), insecure: true).status
        #expect(relayed.insecure && relayed.relayed)
        let direct = Self.present(Self.state(stats: Self.stats())).status
        #expect(!direct.insecure && !direct.relayed)
        #expect(direct.rttMs == 42)
        #expect(CallViewPresenter(endpoint: try ServerEndpoint(baseURL: "http://127.0.0.1:8080")).insecure == false)
        var insecure = try ServerEndpoint(baseURL: "https://127.0.0.1:8443")
        insecure.trust = .insecure
        #expect(CallViewPresenter(endpoint: insecure).insecure)
    }

    @Test func theStatsOverlayHasALinePerStreamAndParticipant() {
        let media = ["p2": Self.media(fps: 29.5, frames: 300, freezes: 1, latency: 80), "p3": Self.media(fps: 0.5, frames: 3)]
        let model = Self.present(Self.state(stats: Self.stats(received: 2048, sent: 10_240, packets: 1000, lost: 7, relayed: true)),
                                 media: media, firstFrame: 812.4)
        #expect(model.statsLines == [
            "connection connected, ICE connected, SRTP SRTP_AEAD_AES_128_GCM",
            "path 192.0.2.1:50000 -> 198.51.100.7:3478 (relayed through TURN)",
            "sent video: 900 pkts, 10 KiB, NACKs in 2, PLIs in 1, resent 3",
            "recv video 3: 1000 pkts, lost 7, jitter 4.2 ms, frames 250, NACKs 4",
            "p2: 29.5 fps, 300 frames, 1 freezes, capture-to-decode 80 ms",
            "p3: 0.5 fps, 3 frames, 0 freezes",
            "first remote frame after 812 ms",
        ])
        #expect(model.status.fps == 15)
        #expect(Self.present(Self.state()).statsLines.isEmpty)
    }

    @Test func chatNoticeAndTheOwnMediaComeFromTheState() {
        var state = Self.state()
        state.chat = [CallState.ChatLine(from: "bob", text: "hi", time: "12:35")]
        state.notices = ["Sound is off (--audio-output none).", "Connection lost (lost); rejoining in 2 s…"]
        state.micOn = false
        state.cameraOn = true
        var presenter = CallViewPresenter(insecure: false)
        var model = CallViewModel(roomID: "room1", selfName: "alice")
        model.showChat = true
        presenter.present(state, media: [:], firstFrameMilliseconds: nil, now: .zero, into: &model)
        #expect(model.chat == [CallViewModel.ChatLine(from: "bob", text: "hi", time: "12:35")])
        #expect(model.notice == "Connection lost (lost); rejoining in 2 s…")
        #expect(!model.micOn && model.cameraOn)
        // The view's own state is the view's.
        #expect(model.showChat)
    }
}
