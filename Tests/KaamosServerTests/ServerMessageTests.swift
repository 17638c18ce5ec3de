import Foundation
import Testing
@testable import KaamosServer

@Suite struct ServerMessageTests {
    @Test func joinedCarriesParticipantsAndICEServers() {
        let message = ServerMessage.joined(
            participantID: "p2",
            participants: [ParticipantSummary(id: "p1", name: "alice", audio: true, video: false)],
            iceServers: [ICEServer(urls: "stun:127.0.0.1:3478")])
        #expect(message.json == #"{"ice_servers":[{"urls":"stun:127.0.0.1:3478"}],"participant_id":"p2","participants":[{"audio":true,"id":"p1","name":"alice","video":false}],"type":"joined"}"#)
    }

    @Test func candidateGoesOutInTheSpecShape() {
        let message = ServerMessage.iceCandidate(ICECandidate(candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0))
        #expect(message.json == #"{"candidate":"candidate:1","sdpMLineIndex":0,"sdpMid":"0","type":"ice-candidate"}"#)
    }

    @Test func otherShapes() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ServerMessage.chat(from: "p1", name: "a", text: "hi", timestamp: date).json
            == #"{"from":"p1","name":"a","text":"hi","ts":"2027-01-15T08:00:00Z","type":"chat"}"#)
        #expect(ServerMessage.error(SignalingError(.roomFull, "Full.")).json == #"{"code":"room-full","message":"Full.","type":"error"}"#)
        #expect(ServerMessage.participantLeft(participantID: "p3").json == #"{"participant_id":"p3","type":"participant-left"}"#)
        #expect(ServerMessage.roomClosed(reason: "expired").json == #"{"reason":"expired","type":"room-closed"}"#)
        #expect(ServerMessage.kicked(reason: "r").json == #"{"reason":"r","type":"kicked"}"#)
        #expect(ServerMessage.mediaState(participantID: "p1", audio: false, video: true).json
            == #"{"audio":false,"participant_id":"p1","type":"media-state","video":true}"#)
        #expect(ServerMessage.offer(sdp: "v=0\r\n").json == #"{"sdp":"v=0\r\n","type":"offer"}"#)
    }
}
