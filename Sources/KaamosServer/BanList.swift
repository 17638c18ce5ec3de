import Foundation

/// Who may not come back to a room, and until when: kicked participants, matched by user id when
/// they had one and by address when they did not.
public struct BanList: Sendable {
    struct Ban: Sendable {
        var roomID: String
        var userID: String?
        var clientAddress: String
        var until: Date
    }

    private var bans: [Ban] = []

    public init() {}

    public mutating func ban(_ participant: Participant, from roomID: String, until: Date) {
        bans.append(Ban(roomID: roomID, userID: participant.userID, clientAddress: participant.clientAddress, until: until))
    }

    /// When the ban on someone joining `roomID` with this identity ends; nil when none holds at
    /// `now`. A ban matches by user id when the kicked participant had one, else by address.
    public func banEnd(roomID: String, userID: String?, clientAddress: String, at now: Date) -> Date? {
        bans.filter { ban in
            guard ban.roomID == roomID, now < ban.until else { return false }
            if let bannedUser = ban.userID { return userID == bannedUser }
            return clientAddress == ban.clientAddress
        }.map(\.until).max()
    }

    public mutating func removeExpired(at now: Date) {
        bans.removeAll { $0.until <= now }
    }

    public mutating func removeAll(roomID: String) {
        bans.removeAll { $0.roomID == roomID }
    }

    public var count: Int { bans.count }
}
