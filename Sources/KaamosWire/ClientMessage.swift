import RTCBase
import Foundation

/// A message from a signaling client (PROTOCOL.md): encoded by clients as one JSON text frame,
/// decoded by the server tolerantly: unknown fields are ignored, unknown types become `.unknown`,
/// and `ice-candidate` is read in both of the spec's shapes.
public enum ClientMessage: Sendable, Equatable {
    case join(roomID: String?, userID: String?, name: String?)
    /// `roomID` rides along for servers that route offers by it (the spec's core server).
    case offer(sdp: String, roomID: String?)
    case answer(sdp: String)
    case iceCandidate(IceCandidateInit)
    case mediaState(audio: Bool?, video: Bool?)
    case chat(text: String)
    case leave
    case unknown(type: String)

    /// The longest display name kept; longer ones are cut.
    public static let maxNameLength = 64
    /// The longest chat message accepted.
    public static let maxChatLength = 4000

    /// Decodes one text frame; throws a `bad-message` error naming what is wrong.
    public init(json text: String) throws(SignalingError) {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        } catch let error as SignalingError {
            throw error
        } catch {
            throw SignalingError(.badMessage, "The message is not a JSON object with a string \"type\".")
        }
        self = try envelope.message()
    }

    /// The message as one JSON text frame.
    public var json: String {
        var object: [String: Any]
        switch self {
        case let .join(roomID, userID, name):
            object = ["type": "join"]
            if let roomID { object["room_id"] = roomID }
            if let userID { object["user_id"] = userID }
            if let name { object["name"] = name }
        case let .offer(sdp, roomID):
            object = ["type": "offer", "sdp": sdp]
            if let roomID { object["room_id"] = roomID }
        case let .answer(sdp):
            object = ["type": "answer", "sdp": sdp]
        case let .iceCandidate(candidate):
            // The object shape: what browsers send and what the spec's server expects.
            let inner: [String: Any] = ["candidate": candidate.candidate, "sdpMid": candidate.sdpMid ?? "0",
                                        "sdpMLineIndex": candidate.sdpMLineIndex ?? 0]
            object = ["type": "ice-candidate", "candidate": inner]
        case let .mediaState(audio, video):
            object = ["type": "media-state"]
            if let audio { object["audio"] = audio }
            if let video { object["video"] = video }
        case let .chat(text):
            object = ["type": "chat", "text": text]
        case .leave:
            object = ["type": "leave"]
        case let .unknown(type):
            object = ["type": type]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The spelling of the type on the wire.
    public var type: String {
        switch self {
        case .join: "join"
        case .offer: "offer"
        case .answer: "answer"
        case .iceCandidate: "ice-candidate"
        case .mediaState: "media-state"
        case .chat: "chat"
        case .leave: "leave"
        case .unknown(let type): type
        }
    }
}

/// Every field any message may carry, each optional; `message()` checks what a type needs.
private struct Envelope: Decodable {
    var type: String
    var roomID: String?
    var userID: String?
    var name: String?
    var sdp: String?
    var candidate: IceCandidateInit?
    var audio: Bool?
    var video: Bool?
    var text: String?

    enum Keys: String, CodingKey {
        case type, sdp, candidate, sdpMid, sdpMLineIndex, audio, video, text, name
        case roomID = "room_id"
        case userID = "user_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        type = try container.decode(String.self, forKey: .type)
        roomID = try? container.decodeIfPresent(String.self, forKey: .roomID)
        // The bot's user ids are numbers, the web page's are strings: take either.
        if let string = try? container.decodeIfPresent(String.self, forKey: .userID) {
            userID = string
        } else if let number = try? container.decodeIfPresent(Int64.self, forKey: .userID) {
            userID = String(number)
        }
        name = try? container.decodeIfPresent(String.self, forKey: .name)
        sdp = try? container.decodeIfPresent(String.self, forKey: .sdp)
        audio = try? container.decodeIfPresent(Bool.self, forKey: .audio)
        video = try? container.decodeIfPresent(Bool.self, forKey: .video)
        text = try? container.decodeIfPresent(String.self, forKey: .text)
        // `candidate` is either the candidate line with sdpMid/sdpMLineIndex beside it, or an object
        // holding all three (RTCIceCandidate.toJSON()).
        if let line = try? container.decodeIfPresent(String.self, forKey: .candidate) {
            candidate = IceCandidateInit(
                candidate: line,
                sdpMid: try? container.decodeIfPresent(String.self, forKey: .sdpMid),
                sdpMLineIndex: try? container.decodeIfPresent(Int.self, forKey: .sdpMLineIndex)
            )
        } else if let object = try? container.decodeIfPresent(IceCandidateInit.self, forKey: .candidate) {
            candidate = object
        } else if container.contains(.candidate), (try? container.decodeNil(forKey: .candidate)) == true {
            candidate = IceCandidateInit(candidate: "")
        }
    }

    func message() throws(SignalingError) -> ClientMessage {
        switch type {
        case "join":
            return .join(roomID: roomID, userID: userID, name: cleanedName)
        case "offer":
            return .offer(sdp: try required(sdp, "sdp"), roomID: roomID)
        case "answer":
            return .answer(sdp: try required(sdp, "sdp"))
        case "ice-candidate":
            guard let candidate else {
                throw SignalingError(.badMessage, "An ice-candidate message needs a \"candidate\" string or object.")
            }
            return .iceCandidate(candidate)
        case "media-state":
            guard audio != nil || video != nil else {
                throw SignalingError(.badMessage, "A media-state message needs \"audio\" or \"video\" as a boolean.")
            }
            return .mediaState(audio: audio, video: video)
        case "chat":
            let text = try required(text, "text")
            guard text.count <= ClientMessage.maxChatLength else {
                throw SignalingError(.badMessage, "A chat message may hold at most \(ClientMessage.maxChatLength) characters.")
            }
            return .chat(text: text)
        case "leave":
            return .leave
        default:
            return .unknown(type: type)
        }
    }

    private func required(_ value: String?, _ field: String) throws(SignalingError) -> String {
        guard let value else {
            throw SignalingError(.badMessage, "A \(type) message needs a \"\(field)\" string.")
        }
        return value
    }

    /// The display name without control characters or surrounding space, at most 64 characters; nil when empty.
    private var cleanedName: String? {
        guard let name else { return nil }
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
        let trimmed = visible.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(ClientMessage.maxNameLength))
    }
}
