import Foundation
import KaamosWire

/// Why the registry refused a request; each reads as one sentence.
public enum RoomRegistryError: Error, Equatable, CustomStringConvertible {
    case tooManyRooms(limit: Int)
    case roomNotFound(roomID: String)
    case roomFull(roomID: String, limit: Int)
    case banned(roomID: String, until: Date)
    case participantNotFound(roomID: String, participantID: String)

    public var description: String {
        switch self {
        case .tooManyRooms(let limit):
            "The server already has its maximum of \(limit) rooms; try again later."
        case .roomNotFound(let roomID):
            "Room \(roomID) does not exist or has expired."
        case .roomFull(let roomID, let limit):
            "Room \(roomID) is full (at most \(limit) participants)."
        case .banned(let roomID, let until):
            "You were removed from room \(roomID) and may not rejoin before \(Timestamp.string(from: until))."
        case .participantNotFound(let roomID, let participantID):
            "Room \(roomID) has no participant \(participantID)."
        }
    }
}

extension SignalingError {
    /// The registry's refusal as the signaling error a client receives.
    init(_ error: RoomRegistryError) {
        switch error {
        case .roomNotFound: self.init(.roomNotFound, error.description)
        case .roomFull: self.init(.roomFull, error.description)
        case .banned: self.init(.banned, error.description)
        case .tooManyRooms, .participantNotFound: self.init(.badMessage, error.description)
        }
    }
}
