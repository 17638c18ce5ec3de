/// The body of every HTTP error answer: `{"error": "one sentence"}`.
public struct APIErrorBody: Sendable, Equatable, Codable {
    public var error: String
    public init(error: String) { self.error = error }
}

/// `GET /health`.
public struct HealthReport: Sendable, Equatable, Codable {
    public var status: String
    public var version: String?
    public var rooms: Int?
    public var participants: Int?
    public var uptimeSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case status, version, rooms, participants
        case uptimeSeconds = "uptime_seconds"
    }

    public init(status: String, version: String?, rooms: Int?, participants: Int?, uptimeSeconds: Int?) {
        self.status = status
        self.version = version
        self.rooms = rooms
        self.participants = participants
        self.uptimeSeconds = uptimeSeconds
    }
}
