/// `POST /api/rooms/create`: the request (every field optional) and the room it made.
public struct CreateRoomRequest: Sendable, Equatable, Codable {
    public var creatorUserID: String?

    enum CodingKeys: String, CodingKey { case creatorUserID = "creator_user_id" }

    public init(creatorUserID: String? = nil) { self.creatorUserID = creatorUserID }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The bot sends a Telegram id as a number; a string is as good.
        if let number = try? container.decodeIfPresent(Int64.self, forKey: .creatorUserID) {
            creatorUserID = String(number)
        } else {
            creatorUserID = try container.decodeIfPresent(String.self, forKey: .creatorUserID)
        }
    }
}

public struct CreatedRoom: Sendable, Equatable, Codable {
    public var roomID: String
    public var url: String
    /// An extension field: a core-only server may leave it out.
    public var expiresAt: String?

    enum CodingKeys: String, CodingKey {
        case url
        case roomID = "room_id"
        case expiresAt = "expires_at"
    }

    public init(roomID: String, url: String, expiresAt: String?) {
        self.roomID = roomID
        self.url = url
        self.expiresAt = expiresAt
    }
}
