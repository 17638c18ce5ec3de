import Foundation
import KaamosWire

// The JSON bodies of the HTTP API (PROTOCOL.md), snake_case on the wire.

/// `POST /api/rooms/create` request; every field optional.
struct CreateRoomRequest: Decodable {
    var creatorUserID: String?

    enum CodingKeys: String, CodingKey { case creatorUserID = "creator_user_id" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The bot sends a Telegram id as a number; a string is as good.
        if let number = try? container.decodeIfPresent(Int64.self, forKey: .creatorUserID) {
            creatorUserID = String(number)
        } else {
            creatorUserID = try container.decodeIfPresent(String.self, forKey: .creatorUserID)
        }
    }

    init() {}
}

struct CreateRoomResponse: Codable, Equatable {
    var roomID: String
    var url: String
    var expiresAt: String

    enum CodingKeys: String, CodingKey {
        case url
        case roomID = "room_id"
        case expiresAt = "expires_at"
    }
}

/// A room as `GET /api/rooms/{id}` and `GET /api/rooms` show it.
public struct RoomSummary: Codable, Equatable, Sendable {
    public var roomID: String
    public var active: Bool
    public var participants: Int
    public var createdAt: String
    public var expiresAt: String

    enum CodingKeys: String, CodingKey {
        case active, participants
        case roomID = "room_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    init(_ room: Room, lifetime: TimeInterval, now: Date) {
        roomID = room.id
        active = true
        participants = room.participants.count
        createdAt = Timestamp.string(from: room.createdAt)
        // While people are in it the room does not expire; show when it would if they all left now.
        let lastActivity = room.participants.isEmpty ? room.lastActivity : max(room.lastActivity, now)
        expiresAt = Timestamp.string(from: lastActivity.addingTimeInterval(lifetime))
    }
}

struct RoomListResponse: Codable, Equatable {
    var rooms: [RoomSummary]
}

/// A participant as the admin API shows it.
public struct ParticipantDetail: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var userID: String?
    public var joinedAt: String
    public var audio: Bool
    public var video: Bool
    public var audioMuted: Bool
    public var videoMuted: Bool
    public var stats: MediaStatistics?

    enum CodingKeys: String, CodingKey {
        case id, name, audio, video, stats
        case userID = "user_id"
        case joinedAt = "joined_at"
        case audioMuted = "audio_muted"
        case videoMuted = "video_muted"
    }

    init(_ participant: Participant, statistics: MediaStatistics?) {
        id = participant.id
        name = participant.name
        userID = participant.userID
        joinedAt = Timestamp.string(from: participant.joinedAt)
        audio = participant.audio
        video = participant.video
        audioMuted = participant.audioMutedByAdmin
        videoMuted = participant.videoMutedByAdmin
        stats = statistics
    }
}

struct ParticipantListResponse: Codable, Equatable {
    var participants: [ParticipantDetail]
}

/// `POST …/mute`: `true` stops forwarding that kind, `false` resumes it, a missing field leaves it.
struct MuteRequest: Decodable {
    var audio: Bool?
    var video: Bool?
}

/// A room with its people, in the admin event stream.
public struct RoomDetail: Codable, Equatable, Sendable {
    public var roomID: String
    public var createdAt: String
    public var expiresAt: String
    public var participants: [ParticipantDetail]

    enum CodingKeys: String, CodingKey {
        case participants
        case roomID = "room_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

struct ErrorResponse: Codable, Equatable {
    var error: String
}

struct HealthResponse: Codable, Equatable {
    var status: String
    var version: String
    var rooms: Int
    var participants: Int
    var uptimeSeconds: Int

    enum CodingKeys: String, CodingKey {
        case status, version, rooms, participants
        case uptimeSeconds = "uptime_seconds"
    }
}
