import ClientCore
import Foundation
import KaamosNode
import KaamosSFU
import KaamosTestSupport
import RTC
import Testing

/// Two call sessions (what `kaamos-tui join` runs) through the whole server in this process.
@Suite(.serialized) struct CallSessionEndToEndTests {
    func options(_ server: EmbeddedServer, room: String, name: String) throws -> CallOptions {
        var options = CallOptions(endpoint: try ServerEndpoint(baseURL: server.baseURL), roomID: room, name: name, userID: name)
        options.video = .testPattern
        options.audio = .tone
        options.audioOutput = "none"
        options.addresses = [.loopbackV4]
        options.publisher.width = 320
        options.publisher.height = 240
        return options
    }

    @Test func twoSessionsSeeAndHearEachOtherAndLeaveCleanly() async throws {
        let server = try await EmbeddedServer.start()
        let api = KaamosAPIClient(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        let room = try await api.createRoom().roomID
        let alice = CallSession(options: try options(server, room: room, name: "alice"))
        let bob = CallSession(options: try options(server, room: room, name: "bob"))
        let aliceRun = Task { await alice.run() }
        let bobRun = Task { await bob.run() }
        // Tracks are named by the server's participant id (msid); names come from signaling.
        func media(_ session: CallSession, from name: String) -> RemoteMedia.ParticipantMedia? {
            guard let id = session.snapshot().participants.first(where: { $0.name == name })?.id else { return nil }
            return session.remote.snapshot()[id]
        }
        func frames(_ session: CallSession, from name: String) -> Int { media(session, from: name)?.framesDecoded ?? 0 }
        _ = await eventually(timeout: .seconds(15), every: .milliseconds(100)) { !(frames(alice, from: "bob") < 20 || frames(bob, from: "alice") < 20) }
        #expect(frames(alice, from: "bob") >= 20, "alice: \(alice.snapshot().notices) \(alice.snapshot().phase)")
        #expect(frames(bob, from: "alice") >= 20, "bob: \(bob.snapshot().notices)")
        #expect(alice.snapshot().participants.map(\.name) == ["bob"])
        #expect((media(bob, from: "alice")?.audioPackets ?? 0) > 20)
        #expect(media(bob, from: "alice")?.latencyMilliseconds.map { $0 < 500 } == true)
        #expect(try #require(alice.firstFrameMilliseconds) < 5_000)
        #expect(try await api.room(room).participants == 2)

        // Bob mutes his microphone: the server's participants API and Alice both learn it.
        bob.setMicrophone(false)
        let aliceHeard = await eventually(timeout: .seconds(5)) { alice.snapshot().participants.first?.audio == false }
        #expect(aliceHeard, "alice still shows bob's microphone on")

        bob.leave()
        #expect(await bobRun.value == .left)
        // The leave is flushed before run() returns: the server counts one at once.
        #expect(try await api.room(room).participants == 1)
        let aliceSawLeave = await eventually(timeout: .seconds(5)) { alice.snapshot().participants.isEmpty }
        #expect(aliceSawLeave, "alice still lists \(alice.snapshot().participants.map(\.name))")
        alice.leave()
        #expect(await aliceRun.value == .left)
        await server.stop()
    }

    @Test func unknownRoomAndUnreachableServerEndClearly() async throws {
        let server = try await EmbeddedServer.start()
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-call-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        var missingOptions = try options(server, room: "NoSuchRoom", name: "x")
        missingOptions.logFile = logPath
        let missing = CallSession(options: missingOptions)
        #expect(await missing.run() == .roomNotFound)
        // The log file says what happened; nothing went over the screen.
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("call: room NoSuchRoom") && log.contains("ended: The room does not exist"))
        await server.stop()
        var unreachable = try options(server, room: "NoSuchRoom", name: "x")
        unreachable.endpoint = try ServerEndpoint(baseURL: "http://127.0.0.1:9")
        let end = await CallSession(options: unreachable).run()
        guard case .serverUnreachable = end else {
            Issue.record("expected serverUnreachable, got \(end)")
            return
        }
        #expect(end.exitStatus == 4)
    }

    @Test func kickedClosedAndFullEndWithTheirReasons() async throws {
        let server = try await EmbeddedServer.start(adminToken: "secret", maxParticipants: 2)
        let endpoint = try ServerEndpoint(baseURL: server.baseURL)
        let admin = KaamosAPIClient(endpoint: endpoint, adminToken: "secret")
        let room = try await admin.createRoom().roomID
        let alice = CallSession(options: try options(server, room: room, name: "alice"))
        let bob = CallSession(options: try options(server, room: room, name: "bob"))
        let aliceRun = Task { await alice.run() }
        let bobRun = Task { await bob.run() }
        _ = await eventually(timeout: .seconds(10), every: .milliseconds(100)) { !(alice.snapshot().participants.isEmpty || bob.snapshot().participants.isEmpty) }
        // A third participant finds the room full.
        let carol = CallSession(options: try options(server, room: room, name: "carol"))
        #expect(await carol.run() == .roomFull)
        #expect(CallEnd.roomFull.exitStatus == 3)

        // The admin kicks bob: his call ends as kicked and does not rejoin.
        let bobID = try #require(try await admin.participants(room: room).first { $0.name == "bob" }?.id)
        try await admin.kick(room: room, participant: bobID)
        let bobEnd = await bobRun.value
        guard case .kicked = bobEnd else {
            Issue.record("bob ended with \(bobEnd)")
            return
        }
        #expect(bobEnd.exitStatus == 5)

        // Closing the room ends alice's call.
        try await admin.closeRoom(room)
        let aliceEnd = await aliceRun.value
        guard case .roomClosed = aliceEnd else {
            Issue.record("alice ended with \(aliceEnd)")
            return
        }
        #expect(aliceEnd.exitStatus == 6)
        await server.stop()
    }

    @Test func aDroppedServerIsRejoinedWithBackoffAndSaidOnScreen() async throws {
        let server = try await EmbeddedServer.start()
        let room = try await KaamosAPIClient(endpoint: try ServerEndpoint(baseURL: server.baseURL)).createRoom().roomID
        var aliceOptions = try options(server, room: room, name: "alice")
        aliceOptions.reconnectAttempts = 2
        let alice = CallSession(options: aliceOptions)
        let run = Task { await alice.run() }
        _ = await eventually(timeout: .seconds(10), every: .milliseconds(50)) { !(alice.snapshot().phase != .connected) }
        #expect(alice.snapshot().phase == .connected)
        await server.stop()
        // The view keeps going: the phase says it is rejoining, a notice says why.
        let sawReconnecting = await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
            let state = alice.snapshot()
            guard case .reconnecting = state.phase else { return false }
            return state.notices.contains { $0.hasPrefix("Connection lost") }
        }
        #expect(sawReconnecting, "\(alice.snapshot().phase) \(alice.snapshot().notices)")
        // With the server gone for good, it gives up after its attempts with a clear reason.
        let end = await run.value
        guard case let .failed(reason) = end else {
            Issue.record("expected failed, got \(end)")
            return
        }
        #expect(reason.contains("gave up after 2 attempts"))
    }

    @Test func missingCameraAndMicrophoneJoinReceiveOnlyAndSaySo() async throws {
        let server = try await EmbeddedServer.start()
        let room = try await KaamosAPIClient(endpoint: try ServerEndpoint(baseURL: server.baseURL)).createRoom().roomID
        var options = try options(server, room: room, name: "nodevices")
        options.video = .camera("/dev/video9")
        options.audio = .microphone("no-such-pcm")
        options.audioOutput = "no-such-pcm"
        let session = CallSession(options: options)
        let run = Task { await session.run() }
        _ = await eventually(timeout: .seconds(10), every: .milliseconds(50)) { !(session.snapshot().phase != .connected) }
        let state = session.snapshot()
        #expect(state.phase == .connected)
        #expect(state.notices.contains { $0.hasPrefix("No camera") && $0.contains("/dev/video9") }, "\(state.notices)")
        #expect(state.notices.contains { $0.hasPrefix("No microphone") }, "\(state.notices)")
        #expect(state.notices.contains { $0.hasPrefix("No audio output") }, "\(state.notices)")
        #expect(!state.cameraOn && !state.micOn)
        session.leave()
        #expect(await run.value == .left)
        await server.stop()
    }
}
