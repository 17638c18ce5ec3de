import KaamosWire
import ClientCore
import Foundation

/// A room as the console shows it, from the event stream or from `GET /api/rooms`.
public struct AdminRoom: Sendable, Equatable {
    public var id: String
    public var createdAt: Date?
    public var expiresAt: Date?
    public var participantCount: Int
    /// Nil until the event stream or `GET .../participants` said who is in it.
    public var participants: [AdminParticipant]?

    public init(id: String, createdAt: Date? = nil, expiresAt: Date? = nil, participantCount: Int = 0, participants: [AdminParticipant]? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.participantCount = participants?.count ?? participantCount
        self.participants = participants
    }

    public init(_ info: RoomSummary) {
        self.init(id: info.roomID, createdAt: AdminTime.date(info.createdAt), expiresAt: AdminTime.date(info.expiresAt),
                  participantCount: info.participants ?? 0)
    }

    /// A room of the event stream, with its people.
    public init(_ detail: RoomDetail) {
        self.init(id: detail.roomID, createdAt: AdminTime.date(detail.createdAt), expiresAt: AdminTime.date(detail.expiresAt),
                  participants: detail.participants.map(AdminParticipant.init))
    }
}
