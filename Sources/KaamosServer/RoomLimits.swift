import Foundation

/// The numbers the registry enforces (spec 2.5 and 4.4 give the defaults).
public struct RoomLimits: Sendable, Equatable {
    public var maxRooms = 50
    public var maxParticipantsPerRoom = 4
    /// How long an empty room lives after its last activity.
    public var roomLifetime: TimeInterval = 24 * 60 * 60
    /// How long a kicked participant stays out of the room.
    public var banDuration: TimeInterval = 60

    public init() {}

    public init(maxRooms: Int, maxParticipantsPerRoom: Int, roomLifetime: TimeInterval, banDuration: TimeInterval) {
        self.maxRooms = maxRooms
        self.maxParticipantsPerRoom = maxParticipantsPerRoom
        self.roomLifetime = roomLifetime
        self.banDuration = banDuration
    }
}
