import Foundation
import Testing
@testable import KaamosServer

@Suite struct RoomRegistryTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func registry(maxRooms: Int = 50, maxParticipants: Int = 4) -> RoomRegistry {
        RoomRegistry(limits: RoomLimits(maxRooms: maxRooms, maxParticipantsPerRoom: maxParticipants, roomLifetime: 86_400, banDuration: 60))
    }

    @Test func createsRoomsUpToTheLimit() throws {
        var registry = registry(maxRooms: 2)
        let first = try registry.createRoom(creatorUserID: "42", now: start)
        #expect(RoomID.isValid(first.id))
        #expect(first.creatorUserID == "42")
        _ = try registry.createRoom(creatorUserID: nil, now: start)
        #expect(throws: RoomRegistryError.tooManyRooms(limit: 2)) {
            try registry.createRoom(creatorUserID: nil, now: start)
        }
    }

    @Test func joinsUntilTheRoomIsFull() throws {
        var registry = registry(maxParticipants: 2)
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let alice = try registry.join(roomID: room.id, userID: "u1", name: "alice", clientAddress: "10.0.0.1", now: start)
        let guest = try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "10.0.0.2", now: start)
        #expect(alice.name == "alice")
        #expect(guest.name.hasPrefix("Guest "))
        #expect(alice.id != guest.id)
        #expect(throws: RoomRegistryError.roomFull(roomID: room.id, limit: 2)) {
            try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "10.0.0.3", now: start)
        }
        #expect(registry.participantCount == 2)
    }

    @Test func unknownRoomIsRefused() {
        var registry = registry()
        #expect(throws: RoomRegistryError.roomNotFound(roomID: "Ab3dE6gH9k")) {
            try registry.join(roomID: "Ab3dE6gH9k", userID: nil, name: nil, clientAddress: "a", now: start)
        }
    }

    @Test func kickedUserMayNotRejoinUntilTheBanEnds() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let bob = try registry.join(roomID: room.id, userID: "bob", name: nil, clientAddress: "10.0.0.1", now: start)
        _ = try registry.kick(roomID: room.id, participantID: bob.id, now: start)
        #expect(registry.room(id: room.id)?.participants.isEmpty == true)
        // Matched by user id: another address does not help, another user id from the same address does.
        #expect(throws: RoomRegistryError.banned(roomID: room.id, until: start + 60)) {
            try registry.join(roomID: room.id, userID: "bob", name: nil, clientAddress: "10.9.9.9", now: start + 30)
        }
        _ = try registry.join(roomID: room.id, userID: "carol", name: nil, clientAddress: "10.0.0.1", now: start + 30)
        _ = try registry.join(roomID: room.id, userID: "bob", name: nil, clientAddress: "10.0.0.1", now: start + 60)
    }

    @Test func kickedGuestIsMatchedByAddress() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let guest = try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "10.0.0.7", now: start)
        _ = try registry.kick(roomID: room.id, participantID: guest.id, now: start)
        #expect(throws: RoomRegistryError.self) {
            try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "10.0.0.7", now: start + 1)
        }
        #expect(throws: RoomRegistryError.self) {
            try registry.join(roomID: room.id, userID: "claims-new-id", name: nil, clientAddress: "10.0.0.7", now: start + 1)
        }
        _ = try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "10.0.0.8", now: start + 1)
    }

    @Test func banIsPerRoom() throws {
        var registry = registry()
        let first = try registry.createRoom(creatorUserID: nil, now: start)
        let second = try registry.createRoom(creatorUserID: nil, now: start)
        let bob = try registry.join(roomID: first.id, userID: "bob", name: nil, clientAddress: "a", now: start)
        _ = try registry.kick(roomID: first.id, participantID: bob.id, now: start)
        _ = try registry.join(roomID: second.id, userID: "bob", name: nil, clientAddress: "a", now: start)
    }

    @Test func kickOfUnknownParticipantIsRefused() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        #expect(throws: RoomRegistryError.participantNotFound(roomID: room.id, participantID: "p99")) {
            try registry.kick(roomID: room.id, participantID: "p99", now: start)
        }
    }

    @Test func emptyRoomExpiresADayAfterItsLastActivity() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let alice = try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "a", now: start + 3600)
        // Occupied: never expires.
        #expect(registry.removeExpired(now: start + 3 * 86_400).isEmpty)
        registry.leave(roomID: room.id, participantID: alice.id, now: start + 3 * 86_400)
        #expect(registry.removeExpired(now: start + 4 * 86_400 - 1).isEmpty)
        let expired = registry.removeExpired(now: start + 4 * 86_400)
        #expect(expired.map(\.id) == [room.id])
        #expect(registry.room(id: room.id) == nil)
    }

    @Test func mediaStateAndAdminMuteCombine() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let alice = try registry.join(roomID: room.id, userID: nil, name: nil, clientAddress: "a", now: start)
        var state = try registry.setMediaState(roomID: room.id, participantID: alice.id, audio: false, video: nil, now: start)
        #expect(!state.audio && state.video)
        state = try registry.setAdminMute(roomID: room.id, participantID: alice.id, audio: nil, video: true, now: start)
        #expect(!state.audio && !state.video && state.videoMutedByAdmin)
        state = try registry.setMediaState(roomID: room.id, participantID: alice.id, audio: true, video: true, now: start)
        #expect(state.audio && !state.video)
    }

    @Test func closingRemovesTheRoomAndItsBans() throws {
        var registry = registry()
        let room = try registry.createRoom(creatorUserID: nil, now: start)
        let bob = try registry.join(roomID: room.id, userID: "bob", name: nil, clientAddress: "a", now: start)
        _ = try registry.kick(roomID: room.id, participantID: bob.id, now: start)
        let closed = try registry.closeRoom(id: room.id)
        #expect(closed.id == room.id)
        #expect(registry.bans.count == 0)
        #expect(throws: RoomRegistryError.roomNotFound(roomID: room.id)) { try registry.closeRoom(id: room.id) }
    }

    @Test func errorsReadAsOneSentence() {
        let errors: [RoomRegistryError] = [
            .tooManyRooms(limit: 50), .roomNotFound(roomID: "Ab3dE6gH9k"), .roomFull(roomID: "Ab3dE6gH9k", limit: 4),
            .banned(roomID: "Ab3dE6gH9k", until: start), .participantNotFound(roomID: "Ab3dE6gH9k", participantID: "p1"),
        ]
        for error in errors {
            #expect(error.description.hasSuffix("."))
            #expect(!error.description.contains("\n"))
        }
        #expect(RoomRegistryError.banned(roomID: "Ab3dE6gH9k", until: start).description.contains("2027-01-15T08:00:00Z"))
    }
}
