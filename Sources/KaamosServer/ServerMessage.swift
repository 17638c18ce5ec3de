import Foundation

/// How a participant appears to the others in `joined` and `participant-joined`.
public struct ParticipantSummary: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var audio: Bool
    public var video: Bool

    public init(id: String, name: String, audio: Bool, video: Bool) {
        self.id = id
        self.name = name
        self.audio = audio
        self.video = video
    }

    public init(_ participant: Participant) {
        self.init(id: participant.id, name: participant.name, audio: participant.audio, video: participant.video)
    }
}

/// A message from the server to a signaling client (PROTOCOL.md, core and extensions).
public enum ServerMessage: Sendable, Equatable {
    case joined(participantID: String, participants: [ParticipantSummary], iceServers: [ICEServer])
    case participantJoined(ParticipantSummary)
    case participantLeft(participantID: String)
    case mediaState(participantID: String, audio: Bool, video: Bool)
    case chat(from: String, name: String, text: String, timestamp: Date)
    case kicked(reason: String)
    case roomClosed(reason: String)
    case error(SignalingError)
    case offer(sdp: String)
    case answer(sdp: String)
    case iceCandidate(ICECandidate)

    /// The message as one JSON text frame.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail.
        let data = (try? encoder.encode(Wire(self))) ?? Data(#"{"type":"error"}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

private struct Wire: Encodable {
    let message: ServerMessage
    init(_ message: ServerMessage) { self.message = message }

    enum Keys: String, CodingKey {
        case type, participants, participant, audio, video, from, name, text, ts, reason, code, message, sdp
        case candidate, sdpMid, sdpMLineIndex
        case participantID = "participant_id"
        case iceServers = "ice_servers"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch message {
        case .joined(let participantID, let participants, let iceServers):
            try container.encode("joined", forKey: .type)
            try container.encode(participantID, forKey: .participantID)
            try container.encode(participants, forKey: .participants)
            try container.encode(iceServers, forKey: .iceServers)
        case .participantJoined(let participant):
            try container.encode("participant-joined", forKey: .type)
            try container.encode(participant, forKey: .participant)
        case .participantLeft(let participantID):
            try container.encode("participant-left", forKey: .type)
            try container.encode(participantID, forKey: .participantID)
        case .mediaState(let participantID, let audio, let video):
            try container.encode("media-state", forKey: .type)
            try container.encode(participantID, forKey: .participantID)
            try container.encode(audio, forKey: .audio)
            try container.encode(video, forKey: .video)
        case .chat(let from, let name, let text, let timestamp):
            try container.encode("chat", forKey: .type)
            try container.encode(from, forKey: .from)
            try container.encode(name, forKey: .name)
            try container.encode(text, forKey: .text)
            try container.encode(Timestamp.string(from: timestamp), forKey: .ts)
        case .kicked(let reason):
            try container.encode("kicked", forKey: .type)
            try container.encode(reason, forKey: .reason)
        case .roomClosed(let reason):
            try container.encode("room-closed", forKey: .type)
            try container.encode(reason, forKey: .reason)
        case .error(let error):
            try container.encode("error", forKey: .type)
            try container.encode(error.code.rawValue, forKey: .code)
            try container.encode(error.message, forKey: .message)
        case .offer(let sdp):
            try container.encode("offer", forKey: .type)
            try container.encode(sdp, forKey: .sdp)
        case .answer(let sdp):
            try container.encode("answer", forKey: .type)
            try container.encode(sdp, forKey: .sdp)
        case .iceCandidate(let candidate):
            // The spec's server-to-client shape: the line, with sdpMid and sdpMLineIndex beside it.
            try container.encode("ice-candidate", forKey: .type)
            try container.encode(candidate.candidate, forKey: .candidate)
            try container.encodeIfPresent(candidate.sdpMid, forKey: .sdpMid)
            try container.encodeIfPresent(candidate.sdpMLineIndex, forKey: .sdpMLineIndex)
        }
    }
}
