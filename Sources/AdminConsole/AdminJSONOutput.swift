import KaamosWire
import ClientCore
import Foundation

/// The `--json` output of the scripted commands: one object, sorted keys, every documented field
/// present (null when the server did not say). Field names are a contract (kaamos-tui(1)).
public enum AdminJSONOutput {
    public static func created(_ room: CreatedRoom) -> String {
        render(CreatedJSON(room))
    }

    public static func rooms(_ rooms: [RoomSummary]) -> String {
        render(RoomsJSON(rooms: rooms.map(RoomJSON.init)))
    }

    public static func participants(room: String, _ participants: [ParticipantDetail]) -> String {
        render(ParticipantsJSON(roomID: room, participants: participants.map(ParticipantJSON.init)))
    }

    private static func render(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

private struct CreatedJSON: Encodable {
    let room: CreatedRoom
    init(_ room: CreatedRoom) { self.room = room }
    enum Keys: String, CodingKey { case url, roomID = "room_id", expiresAt = "expires_at" }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(room.roomID, forKey: .roomID)
        try container.encode(room.url, forKey: .url)
        try container.encode(room.expiresAt, forKey: .expiresAt)
    }
}

private struct RoomsJSON: Encodable {
    let rooms: [RoomJSON]
}

private struct RoomJSON: Encodable {
    let room: RoomSummary
    init(_ room: RoomSummary) { self.room = room }
    enum Keys: String, CodingKey { case active, participants, roomID = "room_id", createdAt = "created_at", expiresAt = "expires_at" }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(room.roomID, forKey: .roomID)
        try container.encode(room.active, forKey: .active)
        try container.encode(room.participants, forKey: .participants)
        try container.encode(room.createdAt, forKey: .createdAt)
        try container.encode(room.expiresAt, forKey: .expiresAt)
    }
}

private struct ParticipantsJSON: Encodable {
    let roomID: String
    let participants: [ParticipantJSON]
    enum CodingKeys: String, CodingKey { case participants, roomID = "room_id" }
}

private struct ParticipantJSON: Encodable {
    let participant: ParticipantDetail
    init(_ participant: ParticipantDetail) { self.participant = participant }
    enum Keys: String, CodingKey { case id, name, audio, video, stats, userID = "user_id", joinedAt = "joined_at" }
    enum StatsKeys: String, CodingKey {
        case bitrateIn = "bitrate_in_kbps", bitrateOut = "bitrate_out_kbps", packetsLost = "packets_lost"
        case jitter = "jitter_ms", rtt = "rtt_ms"
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(participant.id, forKey: .id)
        try container.encode(participant.name, forKey: .name)
        try container.encode(participant.userID, forKey: .userID)
        try container.encode(participant.joinedAt, forKey: .joinedAt)
        try container.encode(participant.audio, forKey: .audio)
        try container.encode(participant.video, forKey: .video)
        if let stats = participant.stats {
            var nested = container.nestedContainer(keyedBy: StatsKeys.self, forKey: .stats)
            try nested.encode(stats.bitrateInKbps, forKey: .bitrateIn)
            try nested.encode(stats.bitrateOutKbps, forKey: .bitrateOut)
            try nested.encode(stats.packetsLost, forKey: .packetsLost)
            try nested.encode(stats.jitterMs, forKey: .jitter)
            try nested.encode(stats.rttMs, forKey: .rtt)
        } else {
            try container.encodeNil(forKey: .stats)
        }
    }
}
