@testable import AdminConsole
import KaamosWire
import Testing

/// The JSON shapes kaamos-server's AdminEvent encodes (Sources/KaamosServer/AdminEvent.swift).
@Suite struct AdminStreamEventTests {
    @Test func decodesEveryServerEvent() throws {
        let snapshot = try AdminStreamEvent(json: #"{"rooms":[{"created_at":"2026-11-22T12:00:00Z","expires_at":"2026-11-23T12:00:00Z","participants":[{"audio":true,"audio_muted":true,"id":"p1","joined_at":"2026-11-22T12:01:00Z","name":"ann","stats":{"bitrate_in_kbps":500,"bitrate_out_kbps":900,"jitter_ms":2.5,"packets_lost":4,"rtt_ms":null,"sending_audio":true,"sending_video":true},"user_id":null,"video":true,"video_muted":false}],"room_id":"Aaaaaaaaa1"}],"ts":"2026-11-22T12:02:00Z","type":"snapshot"}"#)
        guard case let .snapshot(rooms) = snapshot else { Issue.record("not a snapshot"); return }
        #expect(rooms.count == 1)
        #expect(rooms[0].participantCount == 1)
        let ann = try #require(rooms[0].participants?.first)
        #expect(ann.name == "ann" && ann.audioMuted && !ann.videoMuted)
        #expect(ann.bitrateInKbps == 500 && ann.packetsLost == 4 && ann.jitterMs == 2.5 && ann.rttMs == nil)

        let created = try AdminStreamEvent(json: #"{"room":{"active":true,"created_at":"2026-11-22T12:00:00Z","expires_at":"2026-11-23T12:00:00Z","participants":0,"room_id":"Bbbbbbbbb2"},"room_id":"Bbbbbbbbb2","type":"room-created"}"#)
        #expect(created == .roomCreated(AdminRoom(id: "Bbbbbbbbb2", createdAt: AdminTime.date("2026-11-22T12:00:00Z"), expiresAt: AdminTime.date("2026-11-23T12:00:00Z"))))
        #expect(try AdminStreamEvent(json: #"{"reason":"closed by admin","room_id":"Bbbbbbbbb2","type":"room-closed"}"#)
                == .roomClosed(roomID: "Bbbbbbbbb2", reason: "closed by admin"))
        #expect(try AdminStreamEvent(json: #"{"participant_id":"p1","reason":"left","room_id":"Aaaaaaaaa1","type":"participant-left"}"#)
                == .participantLeft(roomID: "Aaaaaaaaa1", participantID: "p1"))
        #expect(try AdminStreamEvent(json: #"{"audio":false,"participant_id":"p1","room_id":"Aaaaaaaaa1","type":"media-state","video":true}"#)
                == .mediaState(roomID: "Aaaaaaaaa1", participantID: "p1", audio: false, video: true))
        let joined = try AdminStreamEvent(json: #"{"participant":{"audio":true,"audio_muted":false,"id":"p2","joined_at":"2026-11-22T12:01:00Z","name":"bob","user_id":"7","video":false,"video_muted":false},"room_id":"Aaaaaaaaa1","type":"participant-joined"}"#)
        guard case let .participantJoined(room, bob) = joined else { Issue.record("not participant-joined"); return }
        #expect(room == "Aaaaaaaaa1" && bob.name == "bob" && bob.video == false && bob.bitrateInKbps == nil)
        guard case let .stats(statsRooms) = try AdminStreamEvent(json: #"{"forwarded_bytes":1,"forwarded_packets":1,"rooms":[],"ts":"2026-11-22T12:02:00Z","type":"stats"}"#) else {
            Issue.record("not stats"); return
        }
        #expect(statsRooms.isEmpty)
    }

    @Test func unknownTypesAreKeptAndBrokenOnesThrow() throws {
        #expect(try AdminStreamEvent(json: #"{"type":"room-renamed","room_id":"x"}"#) == .unknown(type: "room-renamed"))
        #expect(throws: AdminEventError.missingField(type: "room-closed", field: "room_id")) {
            try AdminStreamEvent(json: #"{"type":"room-closed"}"#)
        }
        #expect(throws: AdminEventError.self) { try AdminStreamEvent(json: "not json") }
    }

    @Test func backoffDoublesToItsCeilingAndResets() {
        var backoff = AdminBackoff()
        #expect((0..<7).map { _ in backoff.delay() } == [0.5, 1, 2, 4, 8, 10, 10])
        backoff.reset()
        #expect(backoff.delay() == 0.5)
    }

    @Test func upgradeFailuresAreDiagnosedByStatus() {
        #expect(AdminEventStream.diagnosis(status: 404) == .noStream)
        guard case .refused(_, unauthorized: true) = AdminEventStream.diagnosis(status: 401) else { Issue.record("401"); return }
        guard case .refused(_, unauthorized: false) = AdminEventStream.diagnosis(status: 426) else { Issue.record("426"); return }
        let endpoint = try! ServerEndpointFixture.make("https://k.example")
        #expect(AdminEventStream.socketURL(endpoint) == "wss://k.example/api/admin/events")
    }
}

import ClientCore
enum ServerEndpointFixture {
    static func make(_ url: String) throws -> ServerEndpoint { try ServerEndpoint(baseURL: url) }
}
