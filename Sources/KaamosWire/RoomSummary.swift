/// A room as `GET /api/rooms/{id}`, `GET /api/rooms` and `room-created` describe it. The fields
/// beyond the id are extensions, optional so that a core-only server still parses.
public struct RoomSummary: Sendable, Equatable, Codable {
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

    public init(roomID: String, active: Bool? = nil, participants: Int? = nil, createdAt: String? = nil, expiresAt: String? = nil) {
        self.roomID = roomID
        self.active = active
        self.participants = participants
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// `GET /api/rooms`.
public struct RoomList: Sendable, Equatable, Codable {
    public var rooms: [RoomSummary]
    public init(rooms: [RoomSummary]) { self.rooms = rooms }
}
