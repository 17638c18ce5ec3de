import Foundation
import Testing
@testable import KaamosServer
import KaamosWire

/// The hub driven in memory: recording sinks stand in for WebSockets, a fake router for the SFU.
@Suite struct RoomHubTests {
    let clock = ManualClock()
    let media = FakeMediaRouter()
    let hub: RoomHub

    init() {
        var configuration = ServerConfiguration()
        configuration.limits.maxParticipantsPerRoom = 3
        hub = RoomHub(configuration: configuration, media: media, clock: clock)
    }

    func makeRoom() throws -> String {
        try hub.createRoom(creatorUserID: nil, clientKey: "test").id
    }

    /// Connects and joins; returns the sink, the connection and the participant id.
    func join(_ roomID: String, name: String? = nil, userID: String? = nil, address: String = "10.0.0.1") -> (RecordingSink, ConnectionID, String) {
        let sink = RecordingSink()
        let connection = hub.connect(roomID: roomID, clientAddress: address, sink: sink)
        var fields = [#""type":"join""#, #""room_id":"\#(roomID)""#]
        if let name { fields.append(#""name":"\#(name)""#) }
        if let userID { fields.append(#""user_id":"\#(userID)""#) }
        hub.receive("{\(fields.joined(separator: ","))}", from: connection)
        let participantID = sink.messages(ofType: "joined").first?["participant_id"] as? String ?? ""
        return (sink, connection, participantID)
    }

    @Test func joinAnnouncesTheNewcomer() throws {
        let roomID = try makeRoom()
        let (alice, _, aliceID) = join(roomID, name: "alice")
        let joined = try #require(alice.messages(ofType: "joined").first)
        #expect((joined["participants"] as? [Any])?.isEmpty == true)
        #expect((joined["ice_servers"] as? [[String: Any]])?.isEmpty == true)

        let (bob, _, bobID) = join(roomID, name: "bob")
        let bobJoined = try #require(bob.messages(ofType: "joined").first)
        let others = try #require(bobJoined["participants"] as? [[String: Any]])
        #expect(others.map { $0["id"] as? String } == [aliceID])
        #expect(others.first?["name"] as? String == "alice")
        let announcement = try #require(alice.messages(ofType: "participant-joined").first)
        #expect((announcement["participant"] as? [String: Any])?["id"] as? String == bobID)
        #expect(bob.messages(ofType: "participant-joined").isEmpty)
        #expect(media.calls.contains(.add(roomID: roomID, participantID: aliceID)))
        #expect(media.calls.contains(.add(roomID: roomID, participantID: bobID)))
    }

    @Test func offerIsAnsweredByTheRouter() throws {
        let (alice, connection, aliceID) = join(try makeRoom())
        hub.receive(#"{"type":"offer","sdp":"v=0\r\nclient"}"#, from: connection)
        #expect(alice.messages(ofType: "answer").first?["sdp"] as? String == FakeMediaRouter.cannedAnswer)
        #expect(media.calls.contains(.offer(participantID: aliceID, sdp: "v=0\r\nclient")))
    }

    @Test func badSDPIsAnErrorAndTheConnectionGoesOn() throws {
        let (alice, connection, _) = join(try makeRoom())
        hub.receive(#"{"type":"offer","sdp":"garbage"}"#, from: connection)
        let error = try #require(alice.messages(ofType: "error").first)
        #expect(error["code"] as? String == "media-error")
        #expect(error["message"] as? String == "The offer has no media sections.")
        #expect(alice.closeCode == nil)
    }

    @Test func routerSignalsDuringAnOfferFollowTheAnswer() throws {
        media.signalsDuringOffer.withLockedValue { $0 = [.candidate(candidate: "candidate:9", sdpMid: "0", sdpMLineIndex: 0)] }
        let (alice, connection, _) = join(try makeRoom())
        hub.receive(#"{"type":"offer","sdp":"v=0"}"#, from: connection)
        #expect(alice.types == ["joined", "answer", "ice-candidate"])
        #expect(alice.messages.last?["candidate"] as? String == "candidate:9")
    }

    @Test func serverOfferIsAnsweredOnce() throws {
        let (alice, connection, aliceID) = join(try makeRoom())
        hub.receive(#"{"type":"answer","sdp":"v=0"}"#, from: connection)
        #expect(alice.messages(ofType: "error").first?["code"] as? String == "bad-message")
        media.signal(.offer(sdp: "v=0 server"), to: aliceID)
        #expect(alice.messages(ofType: "offer").first?["sdp"] as? String == "v=0 server")
        hub.receive(#"{"type":"answer","sdp":"v=0 client"}"#, from: connection)
        #expect(media.calls.contains(.answer(participantID: aliceID, sdp: "v=0 client")))
        hub.receive(#"{"type":"answer","sdp":"v=0 again"}"#, from: connection)
        #expect(alice.messages(ofType: "error").count == 2)
    }

    @Test func candidatesInBothShapesReachTheRouter() throws {
        let (_, connection, aliceID) = join(try makeRoom())
        hub.receive(#"{"type":"ice-candidate","candidate":"candidate:a","sdpMid":"0","sdpMLineIndex":0}"#, from: connection)
        hub.receive(#"{"type":"ice-candidate","candidate":{"candidate":"candidate:b","sdpMid":"1","sdpMLineIndex":1}}"#, from: connection)
        #expect(media.calls.contains(.candidate(participantID: aliceID, candidate: "candidate:a", sdpMid: "0", sdpMLineIndex: 0)))
        #expect(media.calls.contains(.candidate(participantID: aliceID, candidate: "candidate:b", sdpMid: "1", sdpMLineIndex: 1)))
    }

    @Test func messagesBeforeJoinAreRefusedWithoutHarm() throws {
        let roomID = try makeRoom()
        let (alice, _, _) = join(roomID)
        let early = RecordingSink()
        let connection = hub.connect(roomID: roomID, clientAddress: "10.0.0.2", sink: early)
        for text in [#"{"type":"offer","sdp":"v=0"}"#, #"{"type":"answer","sdp":"v=0"}"#, #"{"type":"ice-candidate","candidate":"c"}"#,
                     #"{"type":"chat","text":"hi"}"#, #"{"type":"media-state","audio":false}"#] {
            hub.receive(text, from: connection)
        }
        #expect(early.messages(ofType: "error").map { $0["code"] as? String } == Array(repeating: "not-joined", count: 5))
        #expect(early.closeCode == nil)
        #expect(alice.types == ["joined"])
        #expect(!media.calls.contains { if case .offer = $0 { true } else { false } })
    }

    @Test func malformedAndUnknownMessages() throws {
        let roomID = try makeRoom()
        let (alice, connection, _) = join(roomID)
        let (bob, _, _) = join(roomID)
        alice.clear()
        hub.receive("{not json", from: connection)
        hub.receive(#"{"type":"something-new","x":1}"#, from: connection)
        hub.receive(#"{"type":"join","room_id":"\#(roomID)"}"#, from: connection)
        #expect(alice.messages.map { $0["code"] as? String } == ["bad-message", "already-joined"])
        #expect(alice.closeCode == nil)
        #expect(bob.types == ["joined"])
    }

    @Test func joinForAnotherRoomIsRefused() throws {
        let roomID = try makeRoom()
        let sink = RecordingSink()
        let connection = hub.connect(roomID: roomID, clientAddress: "a", sink: sink)
        hub.receive(#"{"type":"join","room_id":"ZZZZZZZZZZ"}"#, from: connection)
        #expect(sink.messages.first?["code"] as? String == "bad-message")
    }

    @Test func unknownRoomIsAnErrorThenAClose() {
        let sink = RecordingSink()
        let connection = hub.connect(roomID: "Ab3dE6gH9k", clientAddress: "a", sink: sink)
        hub.receive(#"{"type":"join"}"#, from: connection)
        #expect(sink.messages.first?["code"] as? String == "room-not-found")
        #expect(sink.closeCode == .policyViolation)
    }

    @Test func fullRoomIsAnErrorThenAClose() throws {
        let roomID = try makeRoom()
        for _ in 0..<3 { _ = join(roomID) }
        let (fourth, _, id) = join(roomID)
        #expect(id.isEmpty)
        #expect(fourth.messages.first?["code"] as? String == "room-full")
        #expect(fourth.closeCode == .policyViolation)
        #expect(hub.room(id: roomID)?.participants.count == 3)
    }

    @Test func mediaStateAndChatAreRelayed() throws {
        let roomID = try makeRoom()
        let (alice, connection, aliceID) = join(roomID, name: "alice")
        let (bob, _, _) = join(roomID)
        hub.receive(#"{"type":"media-state","audio":false,"video":true}"#, from: connection)
        let state = try #require(bob.messages(ofType: "media-state").first)
        #expect(state["participant_id"] as? String == aliceID)
        #expect(state["audio"] as? Bool == false)
        #expect(alice.messages(ofType: "media-state").isEmpty)

        clock.advance(by: 5)
        hub.receive(#"{"type":"chat","text":"hello"}"#, from: connection)
        for sink in [alice, bob] {
            let chat = try #require(sink.messages(ofType: "chat").first)
            #expect(chat["from"] as? String == aliceID)
            #expect(chat["name"] as? String == "alice")
            #expect(chat["text"] as? String == "hello")
            #expect(chat["ts"] as? String == Timestamp.string(from: clock.now))
        }
    }

    @Test func leaveAndDisconnectTellTheOthers() throws {
        let roomID = try makeRoom()
        let (alice, aliceConnection, aliceID) = join(roomID)
        let (bob, bobConnection, bobID) = join(roomID)
        let (carol, _, _) = join(roomID)
        hub.receive(#"{"type":"leave"}"#, from: aliceConnection)
        #expect(alice.closeCode == .normal)
        hub.disconnect(aliceConnection)
        hub.disconnect(bobConnection)
        #expect(carol.messages(ofType: "participant-left").map { $0["participant_id"] as? String } == [aliceID, bobID])
        #expect(bob.messages(ofType: "participant-left").map { $0["participant_id"] as? String } == [aliceID])
        #expect(media.calls.filter { if case .remove = $0 { true } else { false } }.count == 2)
        #expect(hub.room(id: roomID)?.participants.count == 1)
    }

    @Test func kickSendsKickedClosesAndBans() throws {
        let roomID = try makeRoom()
        let (alice, _, _) = join(roomID)
        let (bob, bobConnection, bobID) = join(roomID, userID: "bob", address: "10.0.0.2")
        try hub.kick(roomID: roomID, participantID: bobID)
        #expect(bob.types.last == "kicked")
        #expect(bob.closeCode == .normal)
        #expect(alice.messages(ofType: "participant-left").first?["participant_id"] as? String == bobID)
        #expect(media.calls.contains(.remove(participantID: bobID)))
        hub.disconnect(bobConnection)
        #expect(alice.messages(ofType: "participant-left").count == 1)

        let (again, _, againID) = join(roomID, userID: "bob", address: "10.0.0.3")
        #expect(againID.isEmpty)
        #expect(again.messages.first?["code"] as? String == "banned")
        clock.advance(by: 60)
        let (later, _, laterID) = join(roomID, userID: "bob", address: "10.0.0.3")
        #expect(!laterID.isEmpty)
        #expect(later.types == ["joined"])
    }

    @Test func kickOfUnknownParticipantThrows() throws {
        let roomID = try makeRoom()
        #expect(throws: RoomRegistryError.participantNotFound(roomID: roomID, participantID: "p404")) {
            try hub.kick(roomID: roomID, participantID: "p404")
        }
    }

    @Test func adminMuteStopsForwardingAndTellsTheRoom() throws {
        let roomID = try makeRoom()
        let (alice, _, aliceID) = join(roomID)
        let (bob, _, _) = join(roomID)
        try hub.mute(roomID: roomID, participantID: aliceID, audio: true, video: nil)
        #expect(media.calls.last == .forwarding(participantID: aliceID, audio: false, video: true))
        for sink in [alice, bob] {
            let state = try #require(sink.messages(ofType: "media-state").last)
            #expect(state["audio"] as? Bool == false)
            #expect(state["video"] as? Bool == true)
        }
        try hub.mute(roomID: roomID, participantID: aliceID, audio: false, video: nil)
        #expect(media.calls.last == .forwarding(participantID: aliceID, audio: true, video: true))
    }

    @Test func closingARoomTellsEveryone() throws {
        let roomID = try makeRoom()
        let sinks = (0..<3).map { _ in join(roomID).0 }
        try hub.closeRoom(id: roomID)
        for sink in sinks {
            #expect(sink.types.last == "room-closed")
            #expect(sink.messages.last?["reason"] as? String == "closed by admin")
            #expect(sink.closeCode == .normal)
        }
        #expect(hub.room(id: roomID) == nil)
        #expect(throws: RoomRegistryError.roomNotFound(roomID: roomID)) { try hub.closeRoom(id: roomID) }
    }

    @Test func roomsExpireWhenTheClockAdvances() throws {
        let idle = try makeRoom()
        let busy = try makeRoom()
        let (member, _, _) = join(busy)
        clock.advance(by: 86_399)
        #expect(hub.sweep().isEmpty)
        clock.advance(by: 1)
        #expect(hub.sweep().map(\.id) == [idle])
        #expect(hub.roomSummary(id: idle) == nil)
        #expect(hub.roomSummary(id: busy) != nil)
        #expect(member.closeCode == nil)
    }

    @Test func createIsRateLimitedPerClient() throws {
        for _ in 0..<10 { _ = try hub.createRoom(creatorUserID: nil, clientKey: "1.2.3.4") }
        #expect(throws: CreateRoomError.rateLimited(retryAfterSeconds: 60)) {
            try hub.createRoom(creatorUserID: nil, clientKey: "1.2.3.4")
        }
        _ = try hub.createRoom(creatorUserID: nil, clientKey: "5.6.7.8")
        clock.advance(by: 60)
        _ = try hub.createRoom(creatorUserID: nil, clientKey: "1.2.3.4")
    }

    @Test func shutdownClosesEveryRoomAndRefusesNewWork() throws {
        let roomID = try makeRoom()
        let (alice, _, _) = join(roomID)
        let idle = RecordingSink()
        _ = hub.connect(roomID: roomID, clientAddress: "a", sink: idle)
        hub.shutDown()
        #expect(alice.types.last == "room-closed")
        #expect(alice.messages.last?["reason"] as? String == "server shutting down")
        #expect(alice.closeCode == .goingAway)
        #expect(idle.closeCode == .goingAway)
        #expect(throws: CreateRoomError.shuttingDown) { try hub.createRoom(creatorUserID: nil, clientKey: "x") }
    }

    @Test func oversizedAndBinaryMessagesAreErrors() throws {
        let (alice, connection, _) = join(try makeRoom())
        hub.receiveOversized(byteCount: 100_000, from: connection)
        hub.receiveBinary(from: connection)
        #expect(alice.messages(ofType: "error").map { $0["code"] as? String } == ["message-too-large", "bad-message"])
        #expect(alice.closeCode == nil)
    }

    @Test func floodIsRateLimited() throws {
        let (alice, connection, _) = join(try makeRoom())
        for _ in 0..<400 { hub.receive(#"{"type":"unknown"}"#, from: connection) }
        #expect(alice.messages(ofType: "error").allSatisfy { $0["code"] as? String == "rate-limited" })
        #expect(alice.messages(ofType: "error").count == 400 - 299)
    }

    @Test func adminSubscribersSeeEveryChange() throws {
        let admin = RecordingSink()
        let subscription = hub.subscribe(admin)
        #expect(admin.types == ["snapshot"])
        let roomID = try makeRoom()
        let (_, connection, aliceID) = join(roomID, name: "alice")
        hub.receive(#"{"type":"media-state","video":false}"#, from: connection)
        media.statisticsByParticipant.withLockedValue { $0[aliceID] = MediaStatistics(bitrateInKbps: 800, sendingVideo: true) }
        hub.publishStatistics()
        hub.disconnect(connection)
        try hub.closeRoom(id: roomID)
        #expect(admin.types == ["snapshot", "room-created", "participant-joined", "media-state", "stats", "participant-left", "room-closed"])
        let stats = admin.messages(ofType: "stats")[0]
        let participant = (((stats["rooms"] as? [[String: Any]])?.first?["participants"]) as? [[String: Any]])?.first
        #expect((participant?["stats"] as? [String: Any])?["bitrate_in_kbps"] as? Double == 800)
        hub.unsubscribe(subscription)
        _ = try makeRoom()
        #expect(admin.types.count == 7)
    }

    @Test func connectionsThatNeverJoinAreClosedBySweep() throws {
        let roomID = try makeRoom()
        let (member, _, _) = join(roomID)
        let lurker = RecordingSink()
        _ = hub.connect(roomID: roomID, clientAddress: "a", sink: lurker)
        clock.advance(by: 29)
        hub.sweep()
        #expect(lurker.closeCode == nil)
        clock.advance(by: 1)
        hub.sweep()
        #expect(lurker.messages.first?["code"] as? String == "not-joined")
        #expect(lurker.closeCode == .policyViolation)
        #expect(member.closeCode == nil)
    }

    @Test func snapshotShowsRoomsWithTheirPeople() throws {
        let roomID = try makeRoom()
        let (_, _, aliceID) = join(roomID, name: "alice")
        media.statisticsByParticipant.withLockedValue { $0[aliceID] = MediaStatistics(rttMs: 12) }
        let admin = RecordingSink()
        _ = hub.subscribe(admin)
        let rooms = try #require(admin.messages.first?["rooms"] as? [[String: Any]])
        #expect(rooms.first?["room_id"] as? String == roomID)
        let people = try #require(rooms.first?["participants"] as? [[String: Any]])
        #expect(people.first?["name"] as? String == "alice")
        #expect((people.first?["stats"] as? [String: Any])?["rtt_ms"] as? Double == 12)
    }

    /// A duplicated browser tab carries the same user id; evicting one would make the two tabs
    /// evict each other forever as each reconnects, so both stay.
    @Test func twoConnectionsOfOneUserAreTwoParticipants() throws {
        let roomID = try makeRoom()
        let (first, _, firstID) = join(roomID, userID: "u7")
        let (second, _, secondID) = join(roomID, userID: "u7")
        #expect(!secondID.isEmpty && secondID != firstID)
        #expect(first.closeCode == nil && second.closeCode == nil)
        #expect(hub.room(id: roomID)?.participants.count == 2)
    }
}
