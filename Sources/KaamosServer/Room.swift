import Foundation

/// A call room: who is in it and when it was last used.
public struct Room: Sendable, Equatable {
    public let id: String
    public let createdAt: Date
    public var creatorUserID: String?
    /// The last join, leave or message; the room expires a lifetime after it while it is empty.
    public var lastActivity: Date
    /// In join order.
    public var participants: [Participant] = []

    public init(id: String, createdAt: Date, creatorUserID: String?) {
        self.id = id
        self.createdAt = createdAt
        self.creatorUserID = creatorUserID
        self.lastActivity = createdAt
    }

    public func participant(id participantID: String) -> Participant? {
        participants.first { $0.id == participantID }
    }

    func index(of participantID: String) -> Int? {
        participants.firstIndex { $0.id == participantID }
    }

    /// When the room goes away unless someone uses it before then.
    public func expiresAt(lifetime: TimeInterval) -> Date {
        lastActivity.addingTimeInterval(lifetime)
    }

    /// A room with people in it is in use and never expires; an empty one expires a lifetime after its last activity.
    public func isExpired(at now: Date, lifetime: TimeInterval) -> Bool {
        participants.isEmpty && now >= expiresAt(lifetime: lifetime)
    }
}
