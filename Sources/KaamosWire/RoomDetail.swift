/// A room with its people, in the admin event stream's `snapshot` and `stats`.
public struct RoomDetail: Sendable, Equatable, Codable {
    public var roomID: String
    public var createdAt: String?
    public var expiresAt: String?
    public var participants: [ParticipantDetail]

    enum CodingKeys: String, CodingKey {
        case participants
        case roomID = "room_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    public init(roomID: String, createdAt: String?, expiresAt: String?, participants: [ParticipantDetail]) {
        self.roomID = roomID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.participants = participants
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roomID = try container.decode(String.self, forKey: .roomID)
        createdAt = try? container.decodeIfPresent(String.self, forKey: .createdAt)
        expiresAt = try? container.decodeIfPresent(String.self, forKey: .expiresAt)
        participants = try container.decodeIfPresent([ParticipantDetail].self, forKey: .participants) ?? []
    }
}
