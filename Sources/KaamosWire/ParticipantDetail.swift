/// A participant as the admin API and its event stream show it. Read tolerantly: a missing name
/// is the id, missing flags are unknown (nil) or not muted.
public struct ParticipantDetail: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var userID: String?
    public var joinedAt: String?
    public var audio: Bool?
    public var video: Bool?
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

    public init(id: String, name: String? = nil, userID: String? = nil, joinedAt: String? = nil, audio: Bool? = nil,
                video: Bool? = nil, audioMuted: Bool = false, videoMuted: Bool = false, stats: MediaStatistics? = nil) {
        self.id = id
        self.name = name ?? id
        self.userID = userID
        self.joinedAt = joinedAt
        self.audio = audio
        self.video = video
        self.audioMuted = audioMuted
        self.videoMuted = videoMuted
        self.stats = stats
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = (try? container.decodeIfPresent(String.self, forKey: .name)) ?? id
        userID = try? container.decodeIfPresent(String.self, forKey: .userID)
        joinedAt = try? container.decodeIfPresent(String.self, forKey: .joinedAt)
        audio = try? container.decodeIfPresent(Bool.self, forKey: .audio)
        video = try? container.decodeIfPresent(Bool.self, forKey: .video)
        audioMuted = (try? container.decodeIfPresent(Bool.self, forKey: .audioMuted)) ?? false
        videoMuted = (try? container.decodeIfPresent(Bool.self, forKey: .videoMuted)) ?? false
        stats = try? container.decodeIfPresent(MediaStatistics.self, forKey: .stats)
    }
}

/// `GET /api/rooms/{id}/participants`.
public struct ParticipantList: Sendable, Equatable, Codable {
    public var participants: [ParticipantDetail]
    public init(participants: [ParticipantDetail]) { self.participants = participants }
}

/// `POST …/participants/{pid}/mute`: `true` stops forwarding that kind, `false` resumes it, a
/// missing field leaves it as it is.
public struct MuteRequest: Sendable, Equatable, Codable {
    public var audio: Bool?
    public var video: Bool?
    public init(audio: Bool? = nil, video: Bool? = nil) {
        self.audio = audio
        self.video = video
    }
}
