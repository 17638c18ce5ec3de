@testable import AdminConsole
import Foundation
import Testing

@Suite struct AdminModelTests {
    static let base = AdminTime.date("2026-11-22T12:00:00Z")!

    static func room(_ id: String, minute: Int, people: [AdminParticipant]? = []) -> AdminRoom {
        AdminRoom(id: id, createdAt: base.addingTimeInterval(Double(minute) * 60), expiresAt: base.addingTimeInterval(86_400), participants: people)
    }

    static let ann = AdminParticipant(id: "p1", name: "ann", audio: true, video: true)
    static let bob = AdminParticipant(id: "p2", name: "bob", audio: true, video: false)

    func model(readonly: Bool = false) -> AdminModel {
        var model = AdminModel(readonly: readonly)
        model.apply(.snapshot([Self.room("Bbbbbbbbb2", minute: 2), Self.room("Aaaaaaaaa1", minute: 1, people: [Self.ann, Self.bob])]))
        return model
    }

    @Test func eventsBuildRoomsAndParticipants() {
        var model = model()
        #expect(model.rooms.map(\.id) == ["Aaaaaaaaa1", "Bbbbbbbbb2"])
        model.apply(.roomCreated(AdminRoom(id: "Ccccccccc3", createdAt: Self.base.addingTimeInterval(300))))
        #expect(model.rooms.map(\.id) == ["Aaaaaaaaa1", "Bbbbbbbbb2", "Ccccccccc3"])
        model.apply(.participantJoined(roomID: "Bbbbbbbbb2", AdminParticipant(id: "p3", name: "cid")))
        #expect(model.rooms[1].participantCount == 1)
        model.apply(.participantLeft(roomID: "Aaaaaaaaa1", participantID: "p1"))
        #expect(model.rooms[0].participants?.map(\.id) == ["p2"])
        #expect(model.rooms[0].participantCount == 1)
        model.apply(.mediaState(roomID: "Aaaaaaaaa1", participantID: "p2", audio: false, video: true))
        #expect(model.rooms[0].participants?[0].audio == false)
        #expect(model.rooms[0].participants?[0].video == true)
        model.apply(.roomClosed(roomID: "Bbbbbbbbb2", reason: "closed by admin"))
        #expect(model.rooms.map(\.id) == ["Aaaaaaaaa1", "Ccccccccc3"])
        model.apply(.unknown(type: "future"))
        #expect(model.rooms.count == 2)
    }

    @Test func closingTheOpenRoomGoesBackWithAStatus() {
        var model = model()
        #expect(model.apply(.open) == [.loadParticipants(roomID: "Aaaaaaaaa1")])
        #expect(model.screen == .participants(roomID: "Aaaaaaaaa1"))
        #expect(model.visibleParticipants.map(\.name) == ["ann", "bob"])
        model.apply(.roomClosed(roomID: "Aaaaaaaaa1", reason: "expired"))
        #expect(model.screen == .rooms)
        #expect(model.status == AdminStatus("Room Aaaaaaaaa1 was closed: expired."))
    }

    @Test func cursorStaysOnItsRoomAndClampsWhenItGoes() {
        var model = model()
        _ = model.apply(.down)
        #expect(model.selectedRoom?.id == "Bbbbbbbbb2")
        model.apply(.roomCreated(AdminRoom(id: "Aaaaaaaaa0", createdAt: Self.base)))
        #expect(model.selectedRoom?.id == "Bbbbbbbbb2")
        #expect(model.cursor == 2)
        model.apply(.roomClosed(roomID: "Bbbbbbbbb2", reason: nil))
        #expect(model.selectedRoom?.id == "Aaaaaaaaa1")
        _ = model.apply(.up)
        _ = model.apply(.up)
        #expect(model.cursor == 0)
    }

    @Test func filterNarrowsAsYouTypeAndEscClearsIt() {
        var model = model()
        _ = model.apply(.startFilter)
        #expect(model.keyMode == .text)
        _ = model.apply(.type("b"))
        #expect(model.visibleRooms.map(\.id) == ["Bbbbbbbbb2"])
        _ = model.apply(.submit)
        #expect(model.keyMode == .list)
        #expect(model.filter == "b")
        _ = model.apply(.back)
        #expect(model.filter.isEmpty)
        _ = model.apply(.startFilter)
        _ = model.apply(.type("z"))
        #expect(model.visibleRooms.isEmpty)
        _ = model.apply(.cancel)
        #expect(model.visibleRooms.count == 2)
        // In a room the filter matches names and ids.
        _ = model.apply(.open)
        _ = model.apply(.startFilter)
        _ = model.apply(.type("B"))
        #expect(model.visibleParticipants.map(\.id) == ["p2"])
        _ = model.apply(.deleteBackward)
        _ = model.apply(.type("p"))
        _ = model.apply(.type("1"))
        #expect(model.visibleParticipants.map(\.id) == ["p1"])
    }

    @Test func marksMakeOneActionApplyToSeveralRows() {
        var model = model()
        _ = model.apply(.toggleMark)
        _ = model.apply(.toggleMark)
        #expect(model.marks == ["Aaaaaaaaa1", "Bbbbbbbbb2"])
        #expect(model.apply(.close).isEmpty)
        #expect(model.pending?.required == "2")
        _ = model.apply(.type("2"))
        #expect(model.apply(.submit) == [.closeRooms(["Aaaaaaaaa1", "Bbbbbbbbb2"])])
        #expect(model.marks.isEmpty)
        // Marks of rows that left are dropped.
        _ = model.apply(.top)
        _ = model.apply(.toggleMark)
        model.apply(.roomClosed(roomID: "Aaaaaaaaa1", reason: nil))
        #expect(model.marks.isEmpty)
    }

    @Test func closeIsConfirmedByTypingTheRoomID() {
        var model = model()
        _ = model.apply(.close)
        #expect(model.keyMode == .text)
        #expect(model.pending?.prompt.contains("Aaaaaaaaa1") == true)
        for character in "Aaaaaaaaa2" { _ = model.apply(.type(character)) }
        #expect(model.apply(.submit).isEmpty)
        #expect(model.status?.isError == true)
        #expect(model.pending == nil)

        _ = model.apply(.close)
        for character in "Aaaaaaaaa1x" { _ = model.apply(.type(character)) }
        _ = model.apply(.deleteBackward)
        #expect(model.apply(.submit) == [.closeRooms(["Aaaaaaaaa1"])])

        _ = model.apply(.close)
        _ = model.apply(.cancel)
        #expect(model.pending == nil)
        #expect(model.status == AdminStatus("Cancelled: nothing was changed."))
    }

    @Test func kickAsksYesOrNoAndMuteToggles() {
        var model = model()
        _ = model.apply(.open)
        #expect(model.apply(.kick).isEmpty)
        #expect(model.keyMode == .yesNo)
        #expect(model.pending?.prompt == "Kick ann (p1) from room Aaaaaaaaa1? y/n")
        #expect(model.apply(.submit) == [.kick(roomID: "Aaaaaaaaa1", participantIDs: ["p1"])])

        #expect(model.apply(.toggleAudio) == [.mute(roomID: "Aaaaaaaaa1", participantIDs: ["p1"], audio: true, video: nil)])
        model.recordMute(roomID: "Aaaaaaaaa1", participantIDs: ["p1"], audio: true, video: nil)
        #expect(model.apply(.toggleAudio) == [.mute(roomID: "Aaaaaaaaa1", participantIDs: ["p1"], audio: false, video: nil)])
        _ = model.apply(.toggleMark)
        _ = model.apply(.toggleMark)
        // p1 is muted, p2 is not: V mutes both videos, a mutes both audios.
        #expect(model.apply(.toggleVideo) == [.mute(roomID: "Aaaaaaaaa1", participantIDs: ["p1", "p2"], audio: nil, video: true)])
        #expect(model.apply(.toggleAudio) == [.mute(roomID: "Aaaaaaaaa1", participantIDs: ["p1", "p2"], audio: true, video: nil)])
        #expect(model.apply(.kick).isEmpty)
        #expect(model.pending?.prompt == "Kick 2 participants from room Aaaaaaaaa1? y/n")
        _ = model.apply(.cancel)
        #expect(model.pending == nil)
        // Esc clears the marks first, then goes back.
        _ = model.apply(.back)
        #expect(model.marks.isEmpty)
        _ = model.apply(.back)
        #expect(model.screen == .rooms)
    }

    @Test func participantActionsNeedAnOpenRoom() {
        var model = model()
        #expect(model.apply(.kick).isEmpty)
        #expect(model.status?.isError == true)
        #expect(model.pending == nil)
    }

    @Test func readonlyRefusesEveryAction() {
        var model = model(readonly: true)
        for intent: AdminIntent in [.create, .close, .join, .kick, .toggleAudio, .toggleVideo] {
            #expect(model.apply(intent).isEmpty)
            #expect(model.pending == nil)
        }
        #expect(model.status?.text.contains("read-only") == true)
        #expect(model.apply(.open) == [.loadParticipants(roomID: "Aaaaaaaaa1")])
        #expect(model.apply(.kick).isEmpty)
        #expect(model.apply(.quit) == [.quit])
    }

    @Test func createJoinQuitAndHelp() {
        var model = model()
        #expect(model.apply(.create) == [.createRoom])
        #expect(model.apply(.join) == [.join(roomID: "Aaaaaaaaa1")])
        _ = model.apply(.help)
        #expect(model.showingHelp)
        #expect(model.apply(.quit).isEmpty)
        #expect(!model.showingHelp)
        _ = model.apply(.close)
        #expect(model.apply(.interrupt) == [.quit])
        _ = model.apply(.cancel)
        #expect(model.apply(.quit) == [.quit])
    }

    @Test func pollsKeepKnownParticipantsAndMutes() {
        var model = AdminModel()
        model.replaceRooms([AdminRoom(id: "Aaaaaaaaa1", participantCount: 1)])
        #expect(model.rooms[0].participants == nil)
        var muted = Self.ann
        muted.audioMuted = true
        model.replaceParticipants(roomID: "Aaaaaaaaa1", [muted])
        model.replaceParticipants(roomID: "Aaaaaaaaa1", [Self.ann])
        #expect(model.rooms[0].participants?[0].audioMuted == true)
        model.replaceRooms([AdminRoom(id: "Aaaaaaaaa1", participantCount: 1)])
        #expect(model.rooms[0].participants?.count == 1)
        model.replaceRooms([AdminRoom(id: "Aaaaaaaaa1", participantCount: 2)])
        #expect(model.rooms[0].participants == nil)
        _ = model.apply(.open)
        model.roomVanished("Aaaaaaaaa1")
        #expect(model.screen == .rooms)
        #expect(model.rooms.isEmpty)
    }
}
