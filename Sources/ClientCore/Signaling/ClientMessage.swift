import Foundation
import RTC

/// A message to the Kaamos server (../shared/PROTOCOL.md), encoded as one JSON text frame.
public enum ClientMessage: Sendable, Equatable {
    case join(roomID: String, userID: String, name: String?)
    case offer(sdp: String, roomID: String)
    case answer(sdp: String)
    case iceCandidate(IceCandidateInit)
    case mediaState(audio: Bool, video: Bool)
    case chat(text: String)
    case leave

    public var json: String {
        var object: [String: Any]
        switch self {
        case let .join(roomID, userID, name):
            object = ["type": "join", "room_id": roomID, "user_id": userID]
            if let name { object["name"] = name }
        case let .offer(sdp, roomID):
            object = ["type": "offer", "sdp": sdp, "room_id": roomID]
        case let .answer(sdp):
            object = ["type": "answer", "sdp": sdp]
        case let .iceCandidate(candidate):
            // The object shape: what browsers send and what the spec's server expects.
            var inner: [String: Any] = ["candidate": candidate.candidate]
            inner["sdpMid"] = candidate.sdpMid ?? "0"
            inner["sdpMLineIndex"] = candidate.sdpMLineIndex ?? 0
            object = ["type": "ice-candidate", "candidate": inner]
        case let .mediaState(audio, video):
            object = ["type": "media-state", "audio": audio, "video": video]
        case let .chat(text):
            object = ["type": "chat", "text": text]
        case .leave:
            object = ["type": "leave"]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
