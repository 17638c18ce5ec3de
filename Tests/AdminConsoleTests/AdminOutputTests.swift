import KaamosWire
import AdminConsole
@testable import ClientCore
import Foundation
import Testing

@Suite struct AdminOutputTests {
    let now = AdminTime.date("2026-11-22T12:00:00Z")!

    @Test func spansShowTheTwoWidestUnits() {
        #expect(AdminTime.span(0) == "0s")
        #expect(AdminTime.span(42.9) == "42s")
        #expect(AdminTime.span(307) == "5m07s")
        #expect(AdminTime.span(3 * 3600 + 12 * 60) == "3h12m")
        #expect(AdminTime.span(2 * 86_400 + 4 * 3600) == "2d04h")
        #expect(AdminTime.span(-5) == "0s")
        #expect(AdminTime.date("2026-11-22T12:00:00.250Z") != nil)
        #expect(AdminTime.date("yesterday") == nil)
    }

    @Test func roomsTableAndJSONUseStableNames() throws {
        let rooms = [RoomSummary(roomID: "Ab3dE6gH9k", active: true, participants: 2, createdAt: "2026-11-22T11:55:00Z", expiresAt: "2026-11-23T11:55:00Z"),
                     RoomSummary(roomID: "Zz9yY8xX7w")]
        #expect(AdminTextOutput.rooms(rooms, now: now) == [
            "ROOM        PARTICIPANTS  AGE    EXPIRES IN",
            "Ab3dE6gH9k  2             5m00s  23h55m",
            "Zz9yY8xX7w  -             -      -",
        ])
        #expect(AdminTextOutput.rooms([], now: now) == ["no live rooms"])
        #expect(AdminJSONOutput.rooms(Array(rooms.prefix(1))) ==
            #"{"rooms":[{"active":true,"created_at":"2026-11-22T11:55:00Z","expires_at":"2026-11-23T11:55:00Z","participants":2,"room_id":"Ab3dE6gH9k"}]}"#)
        #expect(AdminJSONOutput.rooms([rooms[1]]) ==
            #"{"rooms":[{"active":null,"created_at":null,"expires_at":null,"participants":null,"room_id":"Zz9yY8xX7w"}]}"#)
    }

    @Test func participantsJSONHasEveryField() {
        let stats = MediaStatistics(bitrateInKbps: 512, bitrateOutKbps: 1024, packetsLost: 3, jitterMs: 4.5, rttMs: nil)
        let person = ParticipantDetail(id: "p1", name: "ann", userID: nil, joinedAt: "2026-11-22T11:59:30Z", audio: true, video: false, stats: stats)
        #expect(AdminJSONOutput.participants(room: "Ab3dE6gH9k", [person]) ==
            #"{"participants":[{"audio":true,"id":"p1","joined_at":"2026-11-22T11:59:30Z","name":"ann","stats":{"bitrate_in_kbps":512,"bitrate_out_kbps":1024,"jitter_ms":4.5,"packets_lost":3,"rtt_ms":null},"user_id":null,"video":false}],"room_id":"Ab3dE6gH9k"}"#)
        #expect(AdminTextOutput.participants([person], now: now) == [
            "ID  NAME  JOINED  AUDIO  VIDEO  IN    OUT    LOST  JITTER  RTT",
            "p1  ann   30s     on     off    512k  1024k  3     4.5ms   -",
        ])
    }

    @Test func createdPrintsIdThenURL() {
        let room = CreatedRoom(roomID: "Ab3dE6gH9k", url: "https://k.example/room/Ab3dE6gH9k", expiresAt: nil)
        #expect(AdminTextOutput.created(room) == ["Ab3dE6gH9k", "https://k.example/room/Ab3dE6gH9k"])
        #expect(AdminJSONOutput.created(room) == #"{"expires_at":null,"room_id":"Ab3dE6gH9k","url":"https://k.example/room/Ab3dE6gH9k"}"#)
    }
}
