import Foundation
import RTC

/// A participant as the server describes it in `joined` and `participant-joined`.
public struct ParticipantInfo: Sendable, Equatable, Decodable {
    public var id: String
    public var name: String?
    public var audio: Bool?
    public var video: Bool?

    public init(id: String, name: String? = nil, audio: Bool? = nil, video: Bool? = nil) {
        self.id = id
        self.name = name
        self.audio = audio
        self.video = video
    }
}

/// An ICE server the server hands out in `joined` (`urls` is a string or a list).
public struct IceServerInfo: Sendable, Equatable, Decodable {
    public var urls: [String]
    public var username: String?
    public var credential: String?

    enum CodingKeys: String, CodingKey { case urls, username, credential }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let single = try? container.decode(String.self, forKey: .urls) {
            urls = [single]
        } else {
            urls = try container.decode([String].self, forKey: .urls)
        }
        username = try container.decodeIfPresent(String.self, forKey: .username)
        credential = try container.decodeIfPresent(String.self, forKey: .credential)
    }
}

/// A message from the Kaamos server (../shared/PROTOCOL.md): the core (offer, answer,
/// ice-candidate) and the extensions, which a client treats as optional. Unknown types decode as
/// `.unknown` and are ignored, never fatal.
public enum ServerMessage: Sendable, Equatable {
    case offer(sdp: String)
    case answer(sdp: String)
    case iceCandidate(IceCandidateInit)
    case joined(participantID: String, participants: [ParticipantInfo], iceServers: [IceServerInfo])
    case participantJoined(ParticipantInfo)
    case participantLeft(participantID: String)
    case mediaState(participantID: String, audio: Bool, video: Bool)
    case chat(from: String, name: String?, text: String, timestamp: String?)
    case kicked(reason: String?)
    case roomClosed(reason: String?)
    case error(code: String, message: String)
    case unknown(type: String)

    /// Parses one WebSocket text frame; throws `SignalingError.malformed` with the reason.
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
                participants: message["participants"] == nil ? [] : try decode(message["participants"], as: [ParticipantInfo].self),
                iceServers: message["ice_servers"] == nil ? [] : try decode(message["ice_servers"], as: [IceServerInfo].self))
        case "participant-joined": self = .participantJoined(try decode(message["participant"], as: ParticipantInfo.self))
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
            self = .error(code: message["code"] as? String ?? "error", message: message["message"] as? String ?? "")
        default: self = .unknown(type: type)
        }
    }

    /// Both shapes of PROTOCOL.md: `candidate` as a string with `sdpMid`/`sdpMLineIndex` beside it,
    /// or an object holding the three (a browser's `RTCIceCandidate.toJSON()`).
    static func candidate(in message: [String: Any]) throws(SignalingError) -> IceCandidateInit {
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
}
