import Foundation

/// The admin console's whole state. Pure: it changes only through `apply(_:)` (intents and server
/// events) and the few setters the controller calls with results; it never draws or does I/O.
public struct AdminModel: Sendable, Equatable {
    public enum Screen: Sendable, Equatable {
        case rooms
        case participants(roomID: String)
    }

    /// Rooms ordered oldest first (then by id), so rows stay put as rooms come and go.
    public private(set) var rooms: [AdminRoom] = []
    public internal(set) var screen: Screen = .rooms
    public internal(set) var filter = ""
    public internal(set) var editingFilter = false
    /// Ids of marked rows in the current screen: an action applies to all of them.
    public internal(set) var marks: Set<String> = []
    public internal(set) var pending: AdminPendingAction?
    public internal(set) var showingHelp = false
    public var feed: AdminFeed = .connecting
    public var status: AdminStatus?
    public let readonly: Bool
    /// Rows a page key moves; the controller sets it from the layout.
    public var pageSize = 10

    var roomCursor = 0
    var participantCursor = 0
    var selectedRoomID: String?
    var selectedParticipantID: String?

    public init(readonly: Bool = false) {
        self.readonly = readonly
    }

    // MARK: What the screen shows

    public var visibleRooms: [AdminRoom] {
        guard !filter.isEmpty else { return rooms }
        return rooms.filter { $0.id.localizedCaseInsensitiveContains(filter) }
    }

    /// The open room, while the participants screen shows one.
    public var openRoom: AdminRoom? {
        guard case let .participants(roomID) = screen else { return nil }
        return rooms.first { $0.id == roomID }
    }

    public var visibleParticipants: [AdminParticipant] {
        let everyone = openRoom?.participants ?? []
        guard !filter.isEmpty else { return everyone }
        return everyone.filter { $0.name.localizedCaseInsensitiveContains(filter) || $0.id.localizedCaseInsensitiveContains(filter) }
    }

    /// The highlighted row of the current screen.
    public var cursor: Int {
        screen == .rooms ? roomCursor : participantCursor
    }

    public var rowCount: Int {
        screen == .rooms ? visibleRooms.count : visibleParticipants.count
    }

    public var selectedRoom: AdminRoom? {
        let list = visibleRooms
        return list.indices.contains(roomCursor) ? list[roomCursor] : nil
    }

    public var selectedParticipant: AdminParticipant? {
        let list = visibleParticipants
        return list.indices.contains(participantCursor) ? list[participantCursor] : nil
    }

    /// How keys are read now.
    public var keyMode: AdminKeyMap.Mode {
        if let pending { return pending.required == nil ? .yesNo : .text }
        return editingFilter ? .text : .list
    }

    // MARK: Changes from the server

    /// Replaces the list (snapshot, stats, or a poll); participants already known are kept when
    /// the new picture does not carry them, and so are admin mutes the server did not report.
    public mutating func replaceRooms(_ newRooms: [AdminRoom]) {
        let previous = Dictionary(rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rooms = newRooms.map { room in
            var room = room
            if room.participants == nil, let known = previous[room.id]?.participants, known.count == room.participantCount {
                room.participants = known
            }
            return room
        }
        sortRooms()
        reconcile()
    }

    /// A fresh list of one room's participants (`GET .../participants`), which does not say what
    /// an admin muted: the mutes the console knows are kept.
    public mutating func replaceParticipants(roomID: String, _ participants: [AdminParticipant]) {
        guard let index = rooms.firstIndex(where: { $0.id == roomID }) else { return }
        let previous = Dictionary((rooms[index].participants ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rooms[index].participants = participants.map { person in
            var person = person
            if let known = previous[person.id] {
                person.audioMuted = known.audioMuted
                person.videoMuted = known.videoMuted
            }
            return person
        }
        rooms[index].participantCount = participants.count
        reconcile()
    }

    /// The server said a room does not exist (404): drop it and leave its screen.
    public mutating func roomVanished(_ roomID: String) {
        removeRoom(roomID, reason: "it no longer exists")
    }

    /// An admin mute succeeded: show it now rather than at the next stats event.
    public mutating func recordMute(roomID: String, participantIDs: [String], audio: Bool?, video: Bool?) {
        guard let index = rooms.firstIndex(where: { $0.id == roomID }), var people = rooms[index].participants else { return }
        for position in people.indices where participantIDs.contains(people[position].id) {
            if let audio { people[position].audioMuted = audio }
            if let video { people[position].videoMuted = video }
        }
        rooms[index].participants = people
    }

    mutating func upsertRoom(_ room: AdminRoom) {
        if let index = rooms.firstIndex(where: { $0.id == room.id }) {
            var merged = room
            if merged.participants == nil { merged.participants = rooms[index].participants }
            merged.participantCount = merged.participants?.count ?? room.participantCount
            rooms[index] = merged
        } else {
            rooms.append(room)
            sortRooms()
        }
        reconcile()
    }

    mutating func removeRoom(_ roomID: String, reason: String?) {
        rooms.removeAll { $0.id == roomID }
        if case .participants(roomID) = screen {
            leaveRoomScreen()
            status = AdminStatus("Room \(roomID) was closed\(reason.map { ": \($0)" } ?? "").")
        }
        if case let .closeRooms(ids)? = pending?.effect, ids.contains(roomID) { pending = nil }
        reconcile()
    }

    mutating func updateRoom(_ roomID: String, _ change: (inout AdminRoom) -> Void) {
        guard let index = rooms.firstIndex(where: { $0.id == roomID }) else { return }
        change(&rooms[index])
        rooms[index].participantCount = rooms[index].participants?.count ?? rooms[index].participantCount
        reconcile()
    }

    private mutating func sortRooms() {
        rooms.sort { left, right in
            switch (left.createdAt, right.createdAt) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return left.id < right.id
            }
        }
    }

    // MARK: Cursor and marks

    /// Keeps the cursor on the same row when others come and go, and drops marks of rows that left.
    mutating func reconcile() {
        let roomIDs = visibleRooms.map(\.id)
        if let id = selectedRoomID, let index = roomIDs.firstIndex(of: id) { roomCursor = index }
        roomCursor = max(0, min(roomCursor, roomIDs.count - 1))
        selectedRoomID = roomIDs.indices.contains(roomCursor) ? roomIDs[roomCursor] : nil

        let participantIDs = visibleParticipants.map(\.id)
        if let id = selectedParticipantID, let index = participantIDs.firstIndex(of: id) { participantCursor = index }
        participantCursor = max(0, min(participantCursor, participantIDs.count - 1))
        selectedParticipantID = participantIDs.indices.contains(participantCursor) ? participantIDs[participantCursor] : nil

        let present = Set(screen == .rooms ? roomIDs : (openRoom?.participants ?? []).map(\.id))
        marks.formIntersection(present)
    }

    mutating func moveCursor(to row: Int) {
        if screen == .rooms {
            roomCursor = row
            let list = visibleRooms
            selectedRoomID = list.indices.contains(row) ? list[row].id : nil
        } else {
            participantCursor = row
            let list = visibleParticipants
            selectedParticipantID = list.indices.contains(row) ? list[row].id : nil
        }
        reconcile()
    }

    mutating func leaveRoomScreen() {
        screen = .rooms
        marks = []
        filter = ""
        editingFilter = false
        participantCursor = 0
        selectedParticipantID = nil
    }
}
