import RTCBase
import Foundation
import KaamosWire
import Testing

@Suite struct ClientMessageTests {
    @Test func joinWithStringOrNumericUserID() throws {
        #expect(try ClientMessage(json: #"{"type":"join","room_id":"Ab3dE6gH9k","user_id":"user_123"}"#)
            == .join(roomID: "Ab3dE6gH9k", userID: "user_123", name: nil))
        #expect(try ClientMessage(json: #"{"type":"join","user_id":123456789,"name":"  alice\u0007 "}"#)
            == .join(roomID: nil, userID: "123456789", name: "alice"))
        // The spec's own page sends only the room id.
        #expect(try ClientMessage(json: #"{"type":"join","room_id":"Ab3dE6gH9k"}"#)
            == .join(roomID: "Ab3dE6gH9k", userID: nil, name: nil))
    }

    @Test func longNamesAreCut() throws {
        let name = String(repeating: "n", count: 500)
        guard case .join(_, _, let kept) = try ClientMessage(json: #"{"type":"join","name":"\#(name)"}"#) else {
            Issue.record("not a join")
            return
        }
        #expect(kept?.count == ClientMessage.maxNameLength)
    }

    @Test func candidateAsAStringWithItsFieldsBeside() throws {
        let message = try ClientMessage(json: #"{"type":"ice-candidate","candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}"#)
        #expect(message == .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0)))
    }

    @Test func candidateAsAnObject() throws {
        let message = try ClientMessage(json: #"{"type":"ice-candidate","candidate":{"candidate":"candidate:2 1 udp 1 ::1 5000 typ host","sdpMid":"1","sdpMLineIndex":1,"usernameFragment":"abcd"}}"#)
        #expect(message == .iceCandidate(IceCandidateInit(candidate: "candidate:2 1 udp 1 ::1 5000 typ host", sdpMid: "1", sdpMLineIndex: 1)))
    }

    @Test func nullOrEmptyCandidateMeansEndOfCandidates() throws {
        #expect(try ClientMessage(json: #"{"type":"ice-candidate","candidate":null}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
        #expect(try ClientMessage(json: #"{"type":"ice-candidate","candidate":""}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
    }

    @Test func otherTypes() throws {
        #expect(try ClientMessage(json: #"{"type":"offer","sdp":"v=0","room_id":"x"}"#) == .offer(sdp: "v=0", roomID: "x"))
        #expect(try ClientMessage(json: #"{"type":"answer","sdp":"v=0"}"#) == .answer(sdp: "v=0"))
        #expect(try ClientMessage(json: #"{"type":"media-state","audio":false}"#) == .mediaState(audio: false, video: nil))
        #expect(try ClientMessage(json: #"{"type":"chat","text":"hi"}"#) == .chat(text: "hi"))
        #expect(try ClientMessage(json: #"{"type":"leave"}"#) == .leave)
        #expect(try ClientMessage(json: #"{"type":"future-thing","x":[1,2]}"#) == .unknown(type: "future-thing"))
    }

    @Test(arguments: [
        "not json", "", "[]", "42", #"{"no_type":1}"#, #"{"type":7}"#, #"{"type":"offer"}"#, #"{"type":"answer","sdp":3}"#,
        #"{"type":"ice-candidate"}"#, #"{"type":"media-state"}"#, #"{"type":"chat"}"#, #"{"type":"join""#,
    ])
    func malformedMessagesAreBadMessages(_ text: String) {
        #expect {
            try ClientMessage(json: text)
        } throws: { error in
            (error as? SignalingError)?.code == .badMessage
        }
    }

    @Test func chatIsLimited() {
        let text = String(repeating: "x", count: ClientMessage.maxChatLength + 1)
        #expect(throws: SignalingError.self) { try ClientMessage(json: #"{"type":"chat","text":"\#(text)"}"#) }
    }

    @Test func clientsEncodeAsTheProtocolSays() throws {
        func object(_ message: ClientMessage) throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(message.json.utf8)) as? [String: Any])
        }
        let join = try object(.join(roomID: "Ab3dE6gH9k", userID: "u1", name: "alice"))
        #expect(join["type"] as? String == "join" && join["room_id"] as? String == "Ab3dE6gH9k" && join["name"] as? String == "alice")
        let candidate = try object(.iceCandidate(IceCandidateInit(candidate: "candidate:x", sdpMid: "0", sdpMLineIndex: 0)))
        let inner = try #require(candidate["candidate"] as? [String: Any])
        #expect(inner["candidate"] as? String == "candidate:x" && inner["sdpMid"] as? String == "0")
        #expect(try object(.leave)["type"] as? String == "leave")
        #expect(ClientMessage.mediaState(audio: false, video: true).json == #"{"audio":false,"type":"media-state","video":true}"#)
    }

    @Test func whatAClientEncodesTheServerDecodes() throws {
        let messages: [ClientMessage] = [
            .join(roomID: "Ab3dE6gH9k", userID: "u1", name: "alice"), .offer(sdp: "v=0\r\n", roomID: "Ab3dE6gH9k"),
            .answer(sdp: "v=0\r\n"), .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 ::1 9 typ host", sdpMid: "1", sdpMLineIndex: 1)),
            .mediaState(audio: true, video: false), .chat(text: "hi / there"), .leave,
        ]
        for message in messages { #expect(try ClientMessage(json: message.json) == message) }
    }
}
