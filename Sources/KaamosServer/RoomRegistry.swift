import Foundation

/// Rooms, participants and bans as plain values: every method takes `now`, nothing here touches a
/// socket, so the rules (limits, expiry, bans) are tested by calling it.
public struct RoomRegistry: Sendable {
    public var limits: RoomLimits
    public private(set) var rooms: [String: Room] = [:]
    public private(set) var bans = BanList()
    private var participantCounter = 0

    public init(limits: RoomLimits = RoomLimits()) {
        self.limits = limits
    }

    /// Rooms oldest first.
    public var sortedRooms: [Room] {
        rooms.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public var participantCount: Int {
        rooms.values.reduce(0) { $0 + $1.participants.count }
    }

    public func room(id: String) -> Room? {
        rooms[id]
    }

    /// Opens a room with a fresh identifier.
    public mutating func createRoom(creatorUserID: String?, now: Date) throws(RoomRegistryError) -> Room {
        guard rooms.count < limits.maxRooms else { throw .tooManyRooms(limit: limits.maxRooms) }
        var id = RoomID.make()
        while rooms[id] != nil { id = RoomID.make() }
        let room = Room(id: id, createdAt: now, creatorUserID: creatorUserID)
        rooms[id] = room
        return room
    }

    /// Adds a participant; refuses when the room is unknown, full, or the person was kicked recently.
    public mutating func join(
        roomID: String, userID: String?, name: String?, clientAddress: String, now: Date
    ) throws(RoomRegistryError) -> Participant {
        guard var room = rooms[roomID] else { throw .roomNotFound(roomID: roomID) }
        if let until = bans.banEnd(roomID: roomID, userID: userID, clientAddress: clientAddress, at: now) {
            throw .banned(roomID: roomID, until: until)
        }
        guard room.participants.count < limits.maxParticipantsPerRoom else {
            throw .roomFull(roomID: roomID, limit: limits.maxParticipantsPerRoom)
        }
        participantCounter += 1
        let participant = Participant(
            id: "p\(participantCounter)",
            name: name ?? "Guest \(participantCounter)",
            userID: userID,
            clientAddress: clientAddress,
            joinedAt: now
        )
        room.participants.append(participant)
        room.lastActivity = now
        rooms[roomID] = room
        return participant
    }

    /// Removes a participant who left or whose connection closed; nil when it was not there.
    @discardableResult
    public mutating func leave(roomID: String, participantID: String, now: Date) -> Participant? {
        guard var room = rooms[roomID], let index = room.index(of: participantID) else { return nil }
        let participant = room.participants.remove(at: index)
        room.lastActivity = now
        rooms[roomID] = room
        return participant
    }

    /// Removes a participant and bars them from the room for the ban duration.
    public mutating func kick(roomID: String, participantID: String, now: Date) throws(RoomRegistryError) -> Participant {
        guard rooms[roomID] != nil else { throw .roomNotFound(roomID: roomID) }
        guard let participant = leave(roomID: roomID, participantID: participantID, now: now) else {
            throw .participantNotFound(roomID: roomID, participantID: participantID)
        }
        bans.ban(participant, from: roomID, until: now.addingTimeInterval(limits.banDuration))
        return participant
    }

    /// What the client says it sends; returns the participant as it now is.
    public mutating func setMediaState(
        roomID: String, participantID: String, audio: Bool?, video: Bool?, now: Date
    ) throws(RoomRegistryError) -> Participant {
        try update(roomID: roomID, participantID: participantID, now: now) { participant in
            if let audio { participant.sendsAudio = audio }
            if let video { participant.sendsVideo = video }
        }
    }

    /// Admin mute: `true` stops forwarding that kind, `false` resumes it, nil leaves it as it is.
    public mutating func setAdminMute(
        roomID: String, participantID: String, audio: Bool?, video: Bool?, now: Date
    ) throws(RoomRegistryError) -> Participant {
        try update(roomID: roomID, participantID: participantID, now: now) { participant in
            if let audio { participant.audioMutedByAdmin = audio }
            if let video { participant.videoMutedByAdmin = video }
        }
    }

    /// Records activity (a message) in a room so that it does not expire.
    public mutating func touch(roomID: String, now: Date) {
        rooms[roomID]?.lastActivity = now
    }

    /// Closes a room; returns it with the participants it had.
    public mutating func closeRoom(id: String) throws(RoomRegistryError) -> Room {
        guard let room = rooms.removeValue(forKey: id) else { throw .roomNotFound(roomID: id) }
        bans.removeAll(roomID: id)
        return room
    }

    /// Removes the rooms that have expired at `now` and forgets bans that ran out; returns the removed rooms.
    public mutating func removeExpired(now: Date) -> [Room] {
        let expired = sortedRooms.filter { $0.isExpired(at: now, lifetime: limits.roomLifetime) }
        for room in expired {
            rooms[room.id] = nil
            bans.removeAll(roomID: room.id)
        }
        bans.removeExpired(at: now)
        return expired
    }

    private mutating func update(
        roomID: String, participantID: String, now: Date, _ change: (inout Participant) -> Void
    ) throws(RoomRegistryError) -> Participant {
        guard var room = rooms[roomID] else { throw .roomNotFound(roomID: roomID) }
        guard let index = room.index(of: participantID) else {
            throw .participantNotFound(roomID: roomID, participantID: participantID)
        }
        change(&room.participants[index])
        room.lastActivity = now
        rooms[roomID] = room
        return room.participants[index]
    }
}
