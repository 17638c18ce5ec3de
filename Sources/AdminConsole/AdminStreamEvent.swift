import Foundation
import KaamosWire

/// One message of the server's admin event stream (`GET /api/admin/events`, a WebSocket).
/// Unknown types and fields are ignored (PROTOCOL.md), so a newer server still works.
public enum AdminStreamEvent: Sendable, Equatable {
    /// Every room as it is, sent first after connecting.
    case snapshot([AdminRoom])
    case roomCreated(AdminRoom)
    case roomClosed(roomID: String, reason: String?)
    case participantJoined(roomID: String, AdminParticipant)
    case participantLeft(roomID: String, participantID: String)
    case mediaState(roomID: String, participantID: String, audio: Bool, video: Bool)
    /// Every room with fresh statistics, about every 2 s.
    case stats([AdminRoom])
    case unknown(type: String)

    /// Decodes one message of the stream (the wire's `AdminEvent`) into the console's records.
    public init(json: String) throws(AdminEventError) {
        switch try AdminEvent(json: json) {
        case let .snapshot(rooms, _): self = .snapshot(rooms.map(AdminRoom.init))
        case let .stats(rooms, _, _, _): self = .stats(rooms.map(AdminRoom.init))
        case let .roomCreated(room): self = .roomCreated(AdminRoom(room))
        case let .roomClosed(roomID, reason): self = .roomClosed(roomID: roomID, reason: reason)
        case let .participantJoined(roomID, participant): self = .participantJoined(roomID: roomID, AdminParticipant(participant))
        case let .participantLeft(roomID, participantID, _): self = .participantLeft(roomID: roomID, participantID: participantID)
        case let .mediaState(roomID, participantID, audio, video):
            self = .mediaState(roomID: roomID, participantID: participantID, audio: audio, video: video)
        case let .unknown(type): self = .unknown(type: type)
        }
    }
}
