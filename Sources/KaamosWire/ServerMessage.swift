import RTCBase
import Foundation

/// A message from the server to a signaling client (PROTOCOL.md): the core (offer, answer,
/// ice-candidate) and the extensions, which a client treats as optional. Unknown types decode as
/// `.unknown` and are ignored, never fatal.
public enum ServerMessage: Sendable, Equatable {
    case joined(participantID: String, participants: [ParticipantSummary], iceServers: [ICEServer])
    case participantJoined(ParticipantSummary)
    case participantLeft(participantID: String)
    case mediaState(participantID: String, audio: Bool, video: Bool)
    /// `timestamp` as the wire carries it (RFC 3339, `Timestamp.string(from:)`).
    case chat(from: String, name: String?, text: String, timestamp: String?)
    case kicked(reason: String?)
    case roomClosed(reason: String?)
    case error(SignalingError)
    case offer(sdp: String)
    case answer(sdp: String)
    case iceCandidate(IceCandidateInit)
    case unknown(type: String)

    /// Parses one WebSocket text frame; throws a `bad-message` `SignalingError` with the reason.
    public init(json text: String) throws(SignalingError) {
        guard text.utf8.count <= 1 << 20 else { throw .malformed("a message over 1 MiB") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw .malformed("not JSON")
        }
        guard let message = object as? [String: Any] else { throw .malformed("not a JSON object") }
        guard let type = message["type"] as? String else { throw .malformed("no \"type\" field") }
        func string(_ key: String) throws(SignalingError) -> String {
            guard let value = message[key] as? String else { throw .malformed("\(type) without a \"\(key)\" string") }
            return value
        }
        func decode<T: Decodable>(_ value: Any?, as: T.Type) throws(SignalingError) -> T {
            guard let value, JSONSerialization.isValidJSONObject(value) || value is [Any],
                  let data = try? JSONSerialization.data(withJSONObject: value),
                  let decoded = try? JSONDecoder().decode(T.self, from: data)
            else { throw .malformed("\(type) with a malformed field") }
            return decoded
        }
        switch type {
        case "offer": self = .offer(sdp: try string("sdp"))
        case "answer": self = .answer(sdp: try string("sdp"))
        case "ice-candidate": self = .iceCandidate(try Self.candidate(in: message))
        case "joined":
            self = .joined(
                participantID: try string("participant_id"),
                participants: message["participants"] == nil ? [] : try decode(message["participants"], as: [ParticipantSummary].self),
                iceServers: message["ice_servers"] == nil ? [] : try decode(message["ice_servers"], as: [ICEServer].self))
        case "participant-joined": self = .participantJoined(try decode(message["participant"], as: ParticipantSummary.self))
        case "participant-left": self = .participantLeft(participantID: try string("participant_id"))
        case "media-state":
            self = .mediaState(participantID: try string("participant_id"),
                               audio: message["audio"] as? Bool ?? true, video: message["video"] as? Bool ?? true)
        case "chat":
            self = .chat(from: message["from"] as? String ?? "", name: message["name"] as? String,
                         text: try string("text"), timestamp: message["ts"] as? String)
        case "kicked": self = .kicked(reason: message["reason"] as? String)
        case "room-closed": self = .roomClosed(reason: message["reason"] as? String)
        case "error":
            self = .error(SignalingError(SignalingError.Code(rawValue: message["code"] as? String ?? "error"),
                                         message["message"] as? String ?? ""))
        default: self = .unknown(type: type)
        }
    }

    /// Both shapes of PROTOCOL.md: `candidate` as a string with `sdpMid`/`sdpMLineIndex` beside it,
    /// or an object holding the three (a browser's `RTCIceCandidate.toJSON()`).
    private static func candidate(in message: [String: Any]) throws(SignalingError) -> IceCandidateInit {
        let holder: [String: Any]
        let text: String
        if let object = message["candidate"] as? [String: Any] {
            holder = object
            guard let value = object["candidate"] as? String else { throw .malformed("ice-candidate without a candidate string") }
            text = value
        } else if let value = message["candidate"] as? String {
            holder = message
            text = value
        } else if message["candidate"] == nil || message["candidate"] is NSNull {
            return IceCandidateInit(candidate: "")  // end of candidates
        } else {
            throw .malformed("ice-candidate whose candidate is neither a string nor an object")
        }
        let index = (holder["sdpMLineIndex"] as? NSNumber)?.intValue
        return IceCandidateInit(candidate: text, sdpMid: holder["sdpMid"] as? String, sdpMLineIndex: index)
    }

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
            try container.encodeIfPresent(name, forKey: .name)
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(timestamp, forKey: .ts)
        case .kicked(let reason):
            try container.encode("kicked", forKey: .type)
            try container.encodeIfPresent(reason, forKey: .reason)
        case .roomClosed(let reason):
            try container.encode("room-closed", forKey: .type)
            try container.encodeIfPresent(reason, forKey: .reason)
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
        case .unknown(let type):
            try container.encode(type, forKey: .type)
        }
    }
}
