import RTCBase
import Foundation
import KaamosWire
import Testing

@Suite struct ServerMessageTests {
    @Test func joinedCarriesParticipantsAndICEServers() {
        let message = ServerMessage.joined(
            participantID: "p2",
            participants: [ParticipantSummary(id: "p1", name: "alice", audio: true, video: false)],
            iceServers: [ICEServer(urls: "stun:127.0.0.1:3478")])
        #expect(message.json == #"{"ice_servers":[{"urls":"stun:127.0.0.1:3478"}],"participant_id":"p2","participants":[{"audio":true,"id":"p1","name":"alice","video":false}],"type":"joined"}"#)
    }

    @Test func candidateGoesOutInTheSpecShape() {
        let message = ServerMessage.iceCandidate(IceCandidateInit(candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0))
        #expect(message.json == #"{"candidate":"candidate:1","sdpMLineIndex":0,"sdpMid":"0","type":"ice-candidate"}"#)
    }

    @Test func otherShapes() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ServerMessage.chat(from: "p1", name: "a", text: "hi", timestamp: Timestamp.string(from: date)).json
            == #"{"from":"p1","name":"a","text":"hi","ts":"2027-01-15T08:00:00Z","type":"chat"}"#)
        #expect(ServerMessage.error(SignalingError(.roomFull, "Full.")).json == #"{"code":"room-full","message":"Full.","type":"error"}"#)
        #expect(ServerMessage.participantLeft(participantID: "p3").json == #"{"participant_id":"p3","type":"participant-left"}"#)
        #expect(ServerMessage.roomClosed(reason: "expired").json == #"{"reason":"expired","type":"room-closed"}"#)
        #expect(ServerMessage.kicked(reason: "r").json == #"{"reason":"r","type":"kicked"}"#)
        #expect(ServerMessage.mediaState(participantID: "p1", audio: false, video: true).json
            == #"{"audio":false,"participant_id":"p1","type":"media-state","video":true}"#)
        #expect(ServerMessage.offer(sdp: "v=0\r\n").json == #"{"sdp":"v=0\r\n","type":"offer"}"#)
    }

    @Test func candidateArrivesInBothShapes() throws {
        let flat = try ServerMessage(json: #"{"type":"ice-candidate","candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0"}"#)
        let nested = try ServerMessage(json: #"{"type":"ice-candidate","candidate":{"candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}"#)
        #expect(flat == .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", sdpMid: "0")))
        #expect(nested == .iceCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0)))
        #expect(try ServerMessage(json: #"{"type":"ice-candidate","candidate":""}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
        #expect(try ServerMessage(json: #"{"type":"ice-candidate","candidate":null}"#) == .iceCandidate(IceCandidateInit(candidate: "")))
    }

    @Test func extensionsDecodeAndUnknownTypesAreIgnored() throws {
        let joined = try ServerMessage(json: #"{"type":"joined","participant_id":"p1","participants":[{"id":"p0","name":"alice","audio":true,"video":false},{"id":"p9"}],"ice_servers":[{"urls":"stun:127.0.0.1:3478"},{"urls":["turn:a","turn:b"],"username":"u","credential":"c"}]}"#)
        guard case let .joined(id, participants, servers) = joined else { Issue.record("not joined"); return }
        #expect(id == "p1")
        // A participant without the extension fields: named by its id, both media on.
        #expect(participants == [ParticipantSummary(id: "p0", name: "alice", audio: true, video: false), ParticipantSummary(id: "p9", name: "p9")])
        #expect(servers.map(\.urls) == [["stun:127.0.0.1:3478"], ["turn:a", "turn:b"]])
        #expect(try ServerMessage(json: #"{"type":"room-closed","reason":"expired"}"#) == .roomClosed(reason: "expired"))
        #expect(try ServerMessage(json: #"{"type":"kicked"}"#) == .kicked(reason: nil))
        #expect(try ServerMessage(json: #"{"type":"error","code":"room-full","message":"full"}"#) == .error(SignalingError(.roomFull, "full")))
        #expect(try ServerMessage(json: #"{"type":"error","code":"new-code","message":"m"}"#) == .error(SignalingError(SignalingError.Code(rawValue: "new-code"), "m")))
        #expect(try ServerMessage(json: #"{"type":"something-new","x":1}"#) == .unknown(type: "something-new"))
        #expect(try ServerMessage(json: #"{"type":"chat","from":"p2","name":"bob","text":"hi","ts":"2026-01-01T00:00:00Z","extra":[1]}"#)
                == .chat(from: "p2", name: "bob", text: "hi", timestamp: "2026-01-01T00:00:00Z"))
    }

    @Test func malformedMessagesThrowClearErrors() {
        for text in ["", "nope", "[]", #"{"no":"type"}"#, #"{"type":"offer"}"#, #"{"type":"joined"}"#,
                     #"{"type":"participant-joined","participant":42}"#, #"{"type":"ice-candidate","candidate":7}"#] {
            #expect("\(text)") {
                try ServerMessage(json: text)
            } throws: { error in
                (error as? SignalingError)?.code == .badMessage
            }
        }
    }

    @Test func whatTheServerEncodesAClientDecodes() throws {
        let messages: [ServerMessage] = [
            .joined(participantID: "p2", participants: [ParticipantSummary(id: "p1", name: "alice", audio: false, video: true)],
                    iceServers: [ICEServer(urls: "stun:127.0.0.1:3478"), ICEServer(urls: ["turn:a", "turns:b"], username: "u", credential: "c")]),
            .participantJoined(ParticipantSummary(id: "p3", name: "bob")), .participantLeft(participantID: "p3"),
            .mediaState(participantID: "p1", audio: true, video: false),
            .chat(from: "p1", name: "alice", text: "hi", timestamp: "2027-01-15T08:00:00Z"), .kicked(reason: "r"),
            .roomClosed(reason: "expired"), .error(SignalingError(.banned, "Banned for 60 s.")), .offer(sdp: "v=0\r\n"),
            .answer(sdp: "v=0\r\n"), .iceCandidate(IceCandidateInit(candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0)),
        ]
        for message in messages { #expect(try ServerMessage(json: message.json) == message) }
    }
}
