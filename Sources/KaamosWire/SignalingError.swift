/// A refusal sent over signaling as `{"type":"error","code":…,"message":…}`, and the reason a
/// message could not be read (`bad-message`).
public struct SignalingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// PROTOCOL.md's error codes. A struct, not an enum: a client keeps a code it does not know.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let badMessage = Code(rawValue: "bad-message")
        public static let messageTooLarge = Code(rawValue: "message-too-large")
        public static let roomNotFound = Code(rawValue: "room-not-found")
        public static let roomFull = Code(rawValue: "room-full")
        public static let banned = Code(rawValue: "banned")
        public static let rateLimited = Code(rawValue: "rate-limited")
        public static let notJoined = Code(rawValue: "not-joined")
        public static let alreadyJoined = Code(rawValue: "already-joined")
        public static let mediaError = Code(rawValue: "media-error")
        public static let serverShuttingDown = Code(rawValue: "server-shutting-down")

        /// Every code this side of the protocol defines, in PROTOCOL.md's order.
        public static let known: [Code] = [
            .badMessage, .messageTooLarge, .roomNotFound, .roomFull, .banned, .rateLimited, .notJoined,
            .alreadyJoined, .mediaError, .serverShuttingDown,
        ]

        public var description: String { rawValue }
    }

    public var code: Code
    /// One sentence for a person.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A message that could not be read, with the reason in a few words ("not JSON").
    public static func malformed(_ reason: String) -> SignalingError {
        SignalingError(.badMessage, reason)
    }

    /// Whether the server closes the connection after sending this error: the client cannot go on.
    public var endsConnection: Bool {
        switch code {
        case .roomNotFound, .roomFull, .banned, .serverShuttingDown: true
        default: false
        }
    }
}
