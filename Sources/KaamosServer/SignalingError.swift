/// A refusal the server sends to a WebSocket client as `{"type":"error","code":…,"message":…}`.
public struct SignalingError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        case badMessage = "bad-message"
        case messageTooLarge = "message-too-large"
        case roomNotFound = "room-not-found"
        case roomFull = "room-full"
        case banned
        case rateLimited = "rate-limited"
        case notJoined = "not-joined"
        case alreadyJoined = "already-joined"
        case mediaError = "media-error"
        case serverShuttingDown = "server-shutting-down"
    }

    public var code: Code
    /// One sentence for a person.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Whether the server closes the connection after sending this error: the client cannot go on.
    public var endsConnection: Bool {
        switch code {
        case .roomNotFound, .roomFull, .banned, .serverShuttingDown: true
        default: false
        }
    }

    init(_ error: RoomRegistryError) {
        switch error {
        case .roomNotFound: self.init(.roomNotFound, error.description)
        case .roomFull: self.init(.roomFull, error.description)
        case .banned: self.init(.banned, error.description)
        case .tooManyRooms, .participantNotFound: self.init(.badMessage, error.description)
        }
    }
}
