import ClientCore
import Foundation
import RTC
import Testing

@Suite struct SignalingMessageTests {
    @Test func candidateArrivesInBothShapes() throws {
        let flat = try ServerMessage(json: #"{"type":"ice-candidate","candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0"}"#)
        let nested = try ServerMessage(json: #"{"type":"ice-candidate","candidate":{"candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}"#)
        #expect(flat == .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", sdpMid: "0")))
        #expect(nested == .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0)))
        #expect(try ServerMessage(json: #"{"type":"ice-candidate","candidate":""}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
        #expect(try ServerMessage(json: #"{"type":"ice-candidate","candidate":null}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
    }

    @Test func extensionsDecodeAndUnknownTypesAreIgnored() throws {
        let joined = try ServerMessage(json: #"{"type":"joined","participant_id":"p1","participants":[{"id":"p0","name":"alice","audio":true,"video":false}],"ice_servers":[{"urls":"stun:127.0.0.1:3478"},{"urls":["turn:a","turn:b"],"username":"u","credential":"c"}]}"#)
        guard case let .joined(id, participants, servers) = joined else { Issue.record("not joined"); return }
        #expect(id == "p1")
        #expect(participants == [ParticipantInfo(id: "p0", name: "alice", audio: true, video: false)])
        #expect(servers.map(\.urls) == [["stun:127.0.0.1:3478"], ["turn:a", "turn:b"]])
        #expect(try ServerMessage(json: #"{"type":"room-closed","reason":"expired"}"#) == .roomClosed(reason: "expired"))
        #expect(try ServerMessage(json: #"{"type":"kicked"}"#) == .kicked(reason: nil))
        #expect(try ServerMessage(json: #"{"type":"error","code":"room-full","message":"full"}"#) == .error(code: "room-full", message: "full"))
        #expect(try ServerMessage(json: #"{"type":"something-new","x":1}"#) == .unknown(type: "something-new"))
        #expect(try ServerMessage(json: #"{"type":"chat","from":"p2","name":"bob","text":"hi","ts":"2026-01-01T00:00:00Z","extra":[1]}"#)
                == .chat(from: "p2", name: "bob", text: "hi", timestamp: "2026-01-01T00:00:00Z"))
    }

    @Test func malformedMessagesThrowClearErrors() {
        for text in ["", "nope", "[]", #"{"no":"type"}"#, #"{"type":"offer"}"#, #"{"type":"joined"}"#,
                     #"{"type":"participant-joined","participant":42}"#, #"{"type":"ice-candidate","candidate":7}"#] {
            #expect(throws: SignalingError.self, "\(text)") { try ServerMessage(json: text) }
        }
    }

    @Test func clientMessagesEncodeAsTheProtocolSays() throws {
        func object(_ message: ClientMessage) throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(message.json.utf8)) as? [String: Any])
        }
        let join = try object(.join(roomID: "Ab3dE6gH9k", userID: "u1", name: "alice"))
        #expect(join["type"] as? String == "join" && join["room_id"] as? String == "Ab3dE6gH9k" && join["name"] as? String == "alice")
        let candidate = try object(.iceCandidate(IceCandidateInit(candidate: "candidate:x", sdpMid: "0", sdpMLineIndex: 0)))
        let inner = try #require(candidate["candidate"] as? [String: Any])
        #expect(inner["candidate"] as? String == "candidate:x" && inner["sdpMid"] as? String == "0")
        #expect(try object(.leave)["type"] as? String == "leave")
    }
}
