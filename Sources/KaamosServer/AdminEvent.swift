import Foundation
import KaamosWire

/// One message of the admin event stream (`/api/admin/events`).
public enum AdminEvent: Sendable, Equatable {
    /// Sent first to each new subscriber: every room as it is.
    case snapshot(rooms: [RoomDetail], timestamp: Date)
    case roomCreated(RoomSummary)
    case roomClosed(roomID: String, reason: String)
    case participantJoined(roomID: String, participant: ParticipantDetail)
    case participantLeft(roomID: String, participantID: String, reason: String)
    case mediaState(roomID: String, participantID: String, audio: Bool, video: Bool)
    /// Every ~2 s while someone listens.
    case stats(rooms: [RoomDetail], counters: MediaCounters, timestamp: Date)

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(AdminEventWire(self))) ?? Data(#"{"type":"error"}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }
}


private struct AdminEventWire: Encodable {
    let event: AdminEvent
    init(_ event: AdminEvent) { self.event = event }

    enum Keys: String, CodingKey {
        case type, rooms, room, reason, participant, audio, video, ts
        case roomID = "room_id"
        case participantID = "participant_id"
        case forwardedPackets = "forwarded_packets"
        case forwardedBytes = "forwarded_bytes"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch event {
        case .snapshot(let rooms, let timestamp):
            try container.encode("snapshot", forKey: .type)
            try container.encode(rooms, forKey: .rooms)
            try container.encode(Timestamp.string(from: timestamp), forKey: .ts)
        case .roomCreated(let room):
            try container.encode("room-created", forKey: .type)
            try container.encode(room.roomID, forKey: .roomID)
            try container.encode(room, forKey: .room)
        case .roomClosed(let roomID, let reason):
            try container.encode("room-closed", forKey: .type)
            try container.encode(roomID, forKey: .roomID)
            try container.encode(reason, forKey: .reason)
        case .participantJoined(let roomID, let participant):
            try container.encode("participant-joined", forKey: .type)
            try container.encode(roomID, forKey: .roomID)
            try container.encode(participant, forKey: .participant)
        case .participantLeft(let roomID, let participantID, let reason):
            try container.encode("participant-left", forKey: .type)
            try container.encode(roomID, forKey: .roomID)
            try container.encode(participantID, forKey: .participantID)
            try container.encode(reason, forKey: .reason)
        case .mediaState(let roomID, let participantID, let audio, let video):
            try container.encode("media-state", forKey: .type)
            try container.encode(roomID, forKey: .roomID)
            try container.encode(participantID, forKey: .participantID)
            try container.encode(audio, forKey: .audio)
            try container.encode(video, forKey: .video)
        case .stats(let rooms, let counters, let timestamp):
            try container.encode("stats", forKey: .type)
            try container.encode(rooms, forKey: .rooms)
            try container.encode(counters.forwardedPackets, forKey: .forwardedPackets)
            try container.encode(counters.forwardedBytes, forKey: .forwardedBytes)
            try container.encode(Timestamp.string(from: timestamp), forKey: .ts)
        }
    }
}
