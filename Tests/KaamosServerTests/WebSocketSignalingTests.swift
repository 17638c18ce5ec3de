import Foundation
import Hummingbird
import HummingbirdTesting
import KaamosTestSupport
import NIOWebSocket
import Testing
@testable import KaamosServer

/// Signaling over real WebSockets on loopback.
@Suite struct WebSocketSignalingTests {
    @Test func twoParticipantsJoinOfferAndChat() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let alice = TestSocket(port: port, path: "/ws/\(roomID)")
            alice.send(#"{"type":"join","room_id":"\#(roomID)","user_id":"u1","name":"alice"}"#)
            let aliceJoined = try await alice.next("joined")
            let aliceID = try #require(aliceJoined["participant_id"] as? String)

            let bob = TestSocket(port: port, path: "/ws/\(roomID)")
            bob.send(#"{"type":"join","room_id":"\#(roomID)","name":"bob"}"#)
            let bobJoined = try await bob.next("joined")
            #expect((bobJoined["participants"] as? [[String: Any]])?.first?["id"] as? String == aliceID)
            let announced = try await alice.next("participant-joined")
            let bobID = try #require((announced["participant"] as? [String: Any])?["id"] as? String)

            alice.send(#"{"type":"offer","sdp":"v=0\r\nalice"}"#)
            #expect(try await alice.next("answer")["sdp"] as? String == FakeMediaRouter.cannedAnswer)

            server.media.signal(.offer(sdp: "v=0 renegotiate"), to: bobID)
            #expect(try await bob.next("offer")["sdp"] as? String == "v=0 renegotiate")
            bob.send(#"{"type":"answer","sdp":"v=0 bob answer"}"#)
            server.media.signal(.candidate(candidate: "candidate:1 1 udp 1 127.0.0.1 4000 typ host", sdpMid: "0", sdpMLineIndex: 0), to: bobID)
            let candidate = try await bob.next("ice-candidate")
            #expect(candidate["sdpMid"] as? String == "0")

            bob.send(#"{"type":"chat","text":"hi alice"}"#)
            let chat = try await alice.next("chat")
            #expect(chat["from"] as? String == bobID)
            #expect(chat["name"] as? String == "bob")

            bob.close()
            #expect(try await alice.next("participant-left")["participant_id"] as? String == bobID)
            #expect(server.media.calls.contains(.answer(participantID: bobID, sdp: "v=0 bob answer")))
            alice.close()
            _ = try await alice.closed()
        }
    }

    @Test func malformedOutOfOrderAndUnknownMessagesLeaveOthersAlone() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let calm = TestSocket(port: port, path: "/ws/\(roomID)")
            calm.send(#"{"type":"join"}"#)
            _ = try await calm.next("joined")

            let noisy = TestSocket(port: port, path: "/ws/\(roomID)")
            noisy.send(#"{"type":"offer","sdp":"v=0"}"#)
            #expect(try await noisy.next("error")["code"] as? String == "not-joined")
            noisy.send("{{{ not json")
            #expect(try await noisy.next("error")["code"] as? String == "bad-message")
            noisy.send(#"{"type":"join"}"#)
            _ = try await noisy.next("joined")
            noisy.send(#"{"type":"answer","sdp":"v=0"}"#)
            #expect(try await noisy.next("error")["code"] as? String == "bad-message")
            noisy.send(#"{"type":"brand-new-extension"}"#)
            noisy.send(#"{"type":"media-state","audio":false}"#)
            // The unknown type was ignored: the next thing the calm one hears is the media state.
            let state = try await calm.next("media-state")
            #expect(state["audio"] as? Bool == false)
            #expect(calm.messages.map { $0["type"] as? String } == ["joined", "participant-joined", "media-state"])
            #expect(noisy.messages.compactMap { $0["type"] as? String }.filter { $0 == "error" }.count == 3)
            calm.close()
            noisy.close()
        }
    }

    @Test func oversizedMessageIsAnErrorAndHugeFrameACloseWithoutACrash() async throws {
        let server = TestServer { $0.maxMessageBytes = 64 * 1024 }
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let other = TestSocket(port: port, path: "/ws/\(roomID)")
            other.send(#"{"type":"join"}"#)
            _ = try await other.next("joined")

            let big = TestSocket(port: port, path: "/ws/\(roomID)")
            big.send(#"{"type":"join"}"#)
            _ = try await big.next("joined")
            big.send(#"{"type":"chat","text":"\#(String(repeating: "x", count: 100 * 1024))"}"#)
            #expect(try await big.next("error")["code"] as? String == "message-too-large")
            big.send(#"{"type":"chat","text":"still here"}"#)
            #expect(try await other.next("chat")["text"] as? String == "still here")
            #expect(try await big.next("chat")["text"] as? String == "still here")

            let huge = TestSocket(port: port, path: "/ws/\(roomID)")
            huge.send(String(repeating: "y", count: 600 * 1024))
            let frame = try await huge.closed()
            #expect(frame?.closeCode == .messageTooLarge)

            // The server goes on.
            other.send(#"{"type":"chat","text":"after"}"#)
            #expect(try await big.next("chat")["text"] as? String == "after")
            other.close()
            big.close()
        }
    }

    @Test func fullRoomAndUnknownRoomAreErrorsThenCloses() async throws {
        let server = TestServer { $0.limits.maxParticipantsPerRoom = 1 }
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let first = TestSocket(port: port, path: "/ws/\(roomID)")
            first.send(#"{"type":"join"}"#)
            _ = try await first.next("joined")

            let second = TestSocket(port: port, path: "/ws/\(roomID)")
            second.send(#"{"type":"join"}"#)
            #expect(try await second.next("error")["code"] as? String == "room-full")
            #expect(try await second.closed()?.closeCode == .policyViolation)

            let lost = TestSocket(port: port, path: "/ws/ZZZZZZZZZZ")
            lost.send(#"{"type":"join"}"#)
            #expect(try await lost.next("error")["code"] as? String == "room-not-found")
            _ = try await lost.closed()
            first.close()
        }
    }

    @Test func kickedParticipantGetsKickedThenTheSocketClosesAndRejoinIsRefused() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let stayer = TestSocket(port: port, path: "/ws/\(roomID)")
            stayer.send(#"{"type":"join"}"#)
            _ = try await stayer.next("joined")
            let target = TestSocket(port: port, path: "/ws/\(roomID)")
            target.send(#"{"type":"join","user_id":"troll"}"#)
            let targetID = try #require(try await target.next("joined")["participant_id"] as? String)

            try await client.execute(uri: "/api/rooms/\(roomID)/participants/\(targetID)/kick", method: .post,
                                     headers: TestServer.adminHeaders) { #expect($0.status == .noContent) }
            _ = try await target.next("kicked")
            #expect(try await target.closed()?.closeCode == .normalClosure)
            #expect(try await stayer.next("participant-left")["participant_id"] as? String == targetID)

            let back = TestSocket(port: port, path: "/ws/\(roomID)")
            back.send(#"{"type":"join","user_id":"troll"}"#)
            #expect(try await back.next("error")["code"] as? String == "banned")
            _ = try await back.closed()
            stayer.close()
        }
    }

    @Test func deletingARoomSendsRoomClosedToAll() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            var sockets: [TestSocket] = []
            for _ in 0..<3 {
                let socket = TestSocket(port: port, path: "/ws/\(roomID)")
                socket.send(#"{"type":"join"}"#)
                _ = try await socket.next("joined")
                sockets.append(socket)
            }
            try await client.execute(uri: "/api/rooms/\(roomID)", method: .delete, headers: TestServer.adminHeaders) {
                #expect($0.status == .noContent)
            }
            for socket in sockets {
                #expect(try await socket.next("room-closed")["reason"] as? String == "closed by admin")
                _ = try await socket.closed()
            }
        }
    }

    @Test func expiryClosesTheRoomForItsSockets() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let roomID = try await client.createRoom()
            let socket = TestSocket(port: port, path: "/ws/\(roomID)")
            socket.send(#"{"type":"join"}"#)
            _ = try await socket.next("joined")
            socket.close()
            _ = try await socket.closed()
            // The disconnect is handled on the server's side of the socket: wait for it.
            _ = await eventually(timeout: .seconds(2), every: .milliseconds(10)) {
                server.hub.room(id: roomID)?.participants.isEmpty != false
            }
            server.clock.advance(by: 86_400)
            #expect(server.hub.sweep().map(\.id) == [roomID])
            try await client.execute(uri: "/api/rooms/\(roomID)", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
