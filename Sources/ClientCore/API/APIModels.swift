/// Rooms and participants as the client reads them; unknown fields are ignored, extension fields
/// are optional so a core-only server still parses.
public struct CreatedRoom: Sendable, Equatable, Codable {
    public var roomID: String
    public var url: String
    public var expiresAt: String?

    enum CodingKeys: String, CodingKey {
        case url
        case roomID = "room_id"
        case expiresAt = "expires_at"
    }
}

public struct RoomInfo: Sendable, Equatable, Codable {
    public var roomID: String
    public var active: Bool?
    public var participants: Int?
    public var createdAt: String?
    public var expiresAt: String?

    enum CodingKeys: String, CodingKey {
        case active, participants
        case roomID = "room_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

public struct ParticipantStats: Sendable, Equatable, Codable {
    public var bitrateInKbps: Double?
    public var bitrateOutKbps: Double?
    public var packetsLost: Int64?
    public var jitterMs: Double?
    public var rttMs: Double?

    enum CodingKeys: String, CodingKey {
        case bitrateInKbps = "bitrate_in_kbps"
        case bitrateOutKbps = "bitrate_out_kbps"
        case packetsLost = "packets_lost"
        case jitterMs = "jitter_ms"
        case rttMs = "rtt_ms"
    }
}

public struct ParticipantRecord: Sendable, Equatable, Codable {
    public var id: String
    public var name: String?
    public var userID: String?
    public var joinedAt: String?
    public var audio: Bool?
    public var video: Bool?
    public var stats: ParticipantStats?

    enum CodingKeys: String, CodingKey {
        case id, name, audio, video, stats
        case userID = "user_id"
        case joinedAt = "joined_at"
    }
}

struct RoomList: Decodable { var rooms: [RoomInfo] }
struct ParticipantList: Decodable { var participants: [ParticipantRecord] }
struct ErrorBody: Decodable { var error: String }
