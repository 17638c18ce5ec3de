import KaamosWire
import Foundation
import RTC
import RTCBase
import Testing
@testable import ClientCore

/// The call machine from the start to a call in a room: joining, the offer and its candidates,
/// the room's people and chat, renegotiation, and the messages that end a call.
@Suite struct CallMachineTests {
    typealias Harness = CallMachineHarness

    @Test func joinSendsJoinAndTheOfferThenTheCandidatesHeldForIt() {
        var call = Harness()
        #expect(call.takeLog() == ["call: room room1 on http://kaamos.test as alice"])
        #expect(call.handle(.start) == [.checkRoom])
        #expect(call.handle(.roomChecked(nil)) == [.openSources])
        #expect(call.handle(.sourcesOpened(audio: true, video: true, notices: [])) == [.openSignaling])
        #expect(call.state.phase == .connecting)
        #expect(call.state.micOn && call.state.cameraOn)

        call.now = .milliseconds(120)
        #expect(call.handle(.signaling(.opened)) == [
            .send(.join(roomID: "room1", userID: "u1", name: "alice")),
            .createPeerAndOffer(audioEnabled: true, videoEnabled: true),
        ])
        #expect(call.state.timeline.webSocketMs == 120)

        // Candidates gathered while the offer is made wait for it.
        #expect(call.handle(.localCandidate(Harness.candidate(1))) == [])
        #expect(call.handle(.localCandidate(Harness.candidate(2))) == [])
        #expect(call.handle(.offerCreated(sdp: "v=0 offer")) == [
            .send(.offer(sdp: "v=0 offer", roomID: "room1")),
            .send(.iceCandidate(Harness.candidate(1))),
            .send(.iceCandidate(Harness.candidate(2))),
            .send(.mediaState(audio: true, video: true)),
            .startPublishing,
        ])
        // Later ones go at once.
        #expect(call.handle(.localCandidate(Harness.candidate(3))) == [.send(.iceCandidate(Harness.candidate(3)))])
        #expect(call.machine.nextDeadline == nil)
    }

    @Test func joinedNamesTheOthersAndHandsOverTheIceServers() throws {
        var call = Harness()
        call.joinAndOffer()
        call.now = .milliseconds(300)
        let servers = try Harness.iceServers("""
            [{"urls": "stun:192.0.2.1:19302"},
             {"urls": ["turn:192.0.2.2", "turn:192.0.2.3"], "username": "u", "credential": "c"},
             {"urls": "turn:192.0.2.4"}]
            """)
        let joined = ServerMessage.joined(participantID: "p1", participants: [
            ParticipantSummary(id: "p1", name: "alice"),
            ParticipantSummary(id: "p2", name: "bob", audio: false, video: true),
            ParticipantSummary(id: "p3"),
        ], iceServers: servers)
        #expect(call.handle(.signaling(.message(joined))) == [.resolveIceServers(servers)])
        #expect(call.state.participantID == "p1")
        #expect(call.state.joinedAt == 300 && call.state.timeline.joinedMs == 300)
        #expect(call.state.participants == [
            CallState.Participant(id: "p2", name: "bob", audio: false, video: true),
            CallState.Participant(id: "p3", name: "p3", audio: true, video: true),
        ])

        let resolution = IceServerResolution(servers)
        _ = call.takeLog()
        #expect(call.handle(.iceServersResolved(resolution)) == [
            .addIceServers(stunServers: [TransportAddress(host: "192.0.2.1", port: 19302)!], relays: resolution.endpoints),
        ])
        #expect(resolution.endpoints.count == 2)
        #expect(call.takeLog() == ["ice server skipped: turn:192.0.2.4 comes without a username and credential"])
    }

    @Test func lateJoinersLeaversAndTheirMediaState() {
        var call = Harness()
        call.joinAndConnect(participants: [ParticipantSummary(id: "p2", name: "bob")])
        #expect(call.handle(.signaling(.message(.participantJoined(ParticipantSummary(id: "p3", name: "carol", video: false))))) == [])
        #expect(call.state.participants.map(\.name) == ["bob", "carol"])
        #expect(call.state.participants.last?.video == false)
        // Someone who joins again (a rejoin of theirs) is moved to the end, not listed twice.
        call.handle(.signaling(.message(.participantJoined(ParticipantSummary(id: "p2", name: "bob")))))
        #expect(call.state.participants.map(\.id) == ["p3", "p2"])
        call.handle(.signaling(.message(.mediaState(participantID: "p2", audio: false, video: false))))
        #expect(call.state.participants.last == CallState.Participant(id: "p2", name: "bob", audio: false, video: false))
        call.handle(.signaling(.message(.mediaState(participantID: "nobody", audio: false, video: false))))
        call.handle(.signaling(.message(.participantLeft(participantID: "p3"))))
        #expect(call.state.participants.map(\.id) == ["p2"])
    }

    @Test func chatFromOthersIsShownAndTheEchoOfOurOwnIsNot() {
        var call = Harness()
        call.joinAndConnect()
        #expect(call.handle(.sendChat("  hello  \n")) == [.send(.chat(text: "hello"))])
        #expect(call.state.chat == [CallState.ChatLine(from: "alice", text: "hello", time: "12:34")])
        #expect(call.handle(.sendChat(" \n ")) == [])
        // The server sends our line back to everyone, us too.
        call.handle(.signaling(.message(.chat(from: "p1", name: "alice", text: "hello", timestamp: nil))))
        #expect(call.state.chat.count == 1)

        call.now = .seconds(90)
        call.handle(.signaling(.message(.chat(from: "p2", name: "bob", text: "hi", timestamp: nil))))
        call.handle(.signaling(.message(.chat(from: "p3", name: nil, text: "hey", timestamp: nil))))
        #expect(call.state.chat.dropFirst() == [
            CallState.ChatLine(from: "bob", text: "hi", time: "12:35"),
            CallState.ChatLine(from: "p3", text: "hey", time: "12:35"),
        ])

        // Shown whole, sent trimmed to the 2000 characters the server takes.
        let long = String(repeating: "x", count: 2500)
        #expect(call.handle(.sendChat(long)) == [.send(.chat(text: String(repeating: "x", count: 2000)))])
        #expect(call.state.chat.last?.text.count == 2500)
    }

    @Test func theServersOfferIsAnsweredAndARefusalIsANotice() {
        var call = Harness()
        call.joinAndConnect()
        #expect(call.handle(.signaling(.message(.answer(sdp: "answer 1")))) == [.applyRemoteAnswer(sdp: "answer 1")])
        #expect(call.handle(.signaling(.message(.offer(sdp: "offer 2")))) == [.applyRemoteOfferAndAnswer(sdp: "offer 2")])
        #expect(call.handle(.answerCreated(sdp: "answer 2")) == [.send(.answer(sdp: "answer 2"))])
        let candidate = IceCandidateInit(candidate: "candidate:9 1 udp 1 192.0.2.9 9 typ host", sdpMid: "1")
        #expect(call.handle(.signaling(.message(.iceCandidate(candidate)))) == [.addRemoteCandidate(candidate)])

        call.handle(.remoteDescriptionRefused("no fingerprint", wasOffer: true))
        #expect(call.state.notices == ["The server's offer was refused: no fingerprint"])
        // A refusal of the same kind replaces the one before.
        call.handle(.remoteDescriptionRefused("no ICE credentials", wasOffer: false))
        #expect(call.state.notices == ["The server's answer was refused: no ICE credentials"])
        #expect(call.takeLog().suffix(2) == ["notice: The server's offer was refused: no fingerprint",
                                            "notice: The server's answer was refused: no ICE credentials"])
    }

    @Test func kickedAndRoomClosedEndTheCallWithTheirReasons() {
        var kicked = Harness()
        kicked.joinAndConnect()
        _ = kicked.takeLog()
        #expect(kicked.handle(.signaling(.message(.kicked(reason: "spam")))) == [
            .closePeer, .closeSignaling(afterFlushing: false), .finish(.kicked(reason: "spam")),
        ])
        #expect(kicked.state.phase == .ended(.kicked(reason: "spam")))
        #expect(kicked.takeLog() == ["ended: You were removed from the call: spam. (exit status 5)"])
        // Nothing moves after the end.
        #expect(kicked.handle(.signaling(.closed(reason: "gone"))) == [])
        #expect(kicked.handle(.leave) == [])

        var closed = Harness()
        closed.joinAndConnect()
        #expect(closed.handle(.signaling(.message(.roomClosed(reason: nil)))) == [
            .closePeer, .closeSignaling(afterFlushing: false), .finish(.roomClosed(reason: nil)),
        ])
    }

    @Test(arguments: [
        ("room-full", "", CallEnd.roomFull),
        ("room-not-found", "", CallEnd.roomNotFound),
        ("banned", "", CallEnd.kicked(reason: "banned from this room for now")),
        ("banned", "banned for 10 minutes", CallEnd.kicked(reason: "banned for 10 minutes")),
    ])
    func errorCodesThatEndTheCall(code: String, message: String, end: CallEnd) {
        var call = Harness()
        call.joinAndOffer()
        #expect(call.handle(.signaling(.message(.error(SignalingError(SignalingError.Code(rawValue: code), message))))) == [
            .closePeer, .closeSignaling(afterFlushing: false), .finish(end),
        ])
    }

    @Test func otherErrorsAreANoticeAndTheCallGoesOn() {
        var call = Harness()
        call.joinAndConnect()
        #expect(call.handle(.signaling(.message(.error(SignalingError(SignalingError.Code(rawValue: "rate-limited"), ""))))) == [])
        #expect(call.state.notices == ["Server: rate-limited"])
        call.handle(.signaling(.message(.error(SignalingError(SignalingError.Code(rawValue: "bad-request"), "not joined")))))
        #expect(call.state.notices == ["Server: not joined"])
        #expect(call.state.phase == .connected)
        #expect(call.handle(.signaling(.malformed("not JSON"))) == [])
        #expect(call.handle(.signaling(.message(.unknown(type: "future")))) == [])
    }

    @Test func relayOnlyEndsWhenTheServerNamesNoTURNServer() throws {
        var none = Harness(relayOnly: true)
        none.joinAndOffer()
        none.handle(.signaling(.message(.joined(participantID: "p1", participants: [], iceServers: []))))
        #expect(none.handle(.iceServersResolved(IceServerResolution([]))) == [
            .closePeer, .closeSignaling(afterFlushing: false),
            .finish(.failed("--relay-only needs a TURN server from the server, and it named none.")),
        ])

        var unusable = Harness(relayOnly: true)
        unusable.joinAndOffer()
        let servers = try Harness.iceServers(#"[{"urls": ["stun:192.0.2.1", "turn:192.0.2.2"]}]"#)
        unusable.handle(.signaling(.message(.joined(participantID: "p1", participants: [], iceServers: servers))))
        #expect(unusable.handle(.iceServersResolved(IceServerResolution(servers))) == [
            .closePeer, .closeSignaling(afterFlushing: false),
            .finish(.failed("--relay-only needs a TURN server from the server, and turn:192.0.2.2 comes without a username and credential.")),
        ])
    }

    @Test func theRoomCheckEndsACallToAMissingRoomOrAnUnreachableServer() {
        var missing = Harness()
        missing.handle(.start)
        #expect(missing.handle(.roomChecked(.roomNotFound("room1"))) == [.finish(.roomNotFound)])
        #expect(missing.takeLog().last == "ended: The room does not exist or has expired. (exit status 2)")

        var unreachable = Harness()
        unreachable.handle(.start)
        #expect(unreachable.handle(.roomChecked(.unreachable(server: "http://kaamos.test", reason: "connection refused"))) == [
            .finish(.serverUnreachable("Cannot reach the server at http://kaamos.test: connection refused.")),
        ])

        // A server without the rooms endpoint: signaling will say.
        var coreOnly = Harness()
        coreOnly.handle(.start)
        #expect(coreOnly.handle(.roomChecked(.server(status: 404, message: "no such path"))) == [.openSources])
    }

    @Test func mediaStateSaysOnOnlyForSourcesThatExist() {
        var call = Harness()
        call.handle(.start)
        call.handle(.roomChecked(nil))
        call.handle(.sourcesOpened(audio: true, video: false, notices: ["No camera (no /dev/video0): joined without video."]))
        #expect(call.state.notices == ["No camera (no /dev/video0): joined without video."])
        #expect(call.state.micOn && !call.state.cameraOn)
        #expect(call.handle(.signaling(.opened)).last == .createPeerAndOffer(audioEnabled: true, videoEnabled: false))
        #expect(call.handle(.offerCreated(sdp: "o")).dropFirst() == [.send(.mediaState(audio: true, video: false)), .startPublishing])

        #expect(call.handle(.setCamera(true)) == [.setVideoEnabled(true), .send(.mediaState(audio: true, video: false))])
        #expect(call.state.cameraOn)
        #expect(call.handle(.setMicrophone(false)) == [.setAudioEnabled(false), .send(.mediaState(audio: false, video: false))])
        #expect(!call.state.micOn)
    }

    @Test func startupNoticesHoldBesideTheOnesThatComeAndGo() {
        var call = Harness(startupNotices: ["Sound is off (--audio-output none)."])
        #expect(call.takeLog() == ["call: room room1 on http://kaamos.test as alice", "notice: Sound is off (--audio-output none)."])
        call.joinAndConnect()
        call.handle(.peerFailure("no relayed candidate from the TURN server t:3478 over tcp: refused"))
        #expect(call.state.notices == ["Sound is off (--audio-output none).",
                                      "no relayed candidate from the TURN server t:3478 over tcp: refused"])
    }

    @Test func mediaConnectingMarksTheTimelineAndAnInterruptionIsANotice() {
        var call = Harness()
        call.joinAndOffer()
        call.now = .milliseconds(400)
        call.handle(.iceConnectionStateChanged(.checking))
        #expect(call.state.timeline.iceMs == nil)
        call.handle(.iceConnectionStateChanged(.connected))
        call.now = .milliseconds(450)
        _ = call.takeLog()
        #expect(call.handle(.connectionStateChanged(.connected)) == [])
        #expect(call.takeLog() == ["media connection: connected"])
        call.now = .milliseconds(500)
        call.handle(.firstAudio)
        call.now = .milliseconds(520)
        call.handle(.firstVideo)
        let timeline = call.state.timeline
        #expect([timeline.iceMs, timeline.dtlsMs, timeline.firstAudioMs, timeline.firstVideoMs] == [400, 450, 500, 520])
        #expect(call.state.phase == .connected && call.machine.connectedAt == .milliseconds(450))

        call.now = .seconds(5)
        call.handle(.connectionStateChanged(.disconnected))
        #expect(call.state.notices == ["Media connection interrupted; waiting for it to come back…"])
        call.handle(.connectionStateChanged(.connected))
        #expect(call.state.notices.isEmpty)
        // The marks are of the first time only.
        #expect(call.state.timeline.dtlsMs == 450 && call.machine.connectedAt == .milliseconds(450))
    }

    @Test func aPeerWithoutSocketsOrAnOfferEndsTheCall() {
        var noSockets = Harness()
        noSockets.handle(.start)
        noSockets.handle(.roomChecked(nil))
        noSockets.handle(.sourcesOpened(audio: false, video: false, notices: []))
        noSockets.handle(.signaling(.opened))
        #expect(noSockets.handle(.peerUnavailable("no usable address")) == [
            .closeSignaling(afterFlushing: false), .finish(.failed("cannot open UDP sockets: no usable address")),
        ])

        var noOffer = Harness()
        noOffer.handle(.start)
        noOffer.handle(.roomChecked(nil))
        noOffer.handle(.sourcesOpened(audio: false, video: false, notices: []))
        noOffer.handle(.signaling(.opened))
        #expect(noOffer.handle(.offerFailed("no certificate")) == [
            .closePeer, .closeSignaling(afterFlushing: false), .finish(.failed("cannot make an offer: no certificate")),
        ])
    }
}
