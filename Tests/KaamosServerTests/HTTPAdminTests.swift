import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KaamosServer
import KaamosWire

@Suite struct HTTPAdminTests {
    /// Every admin call with its method.
    static let calls: [(String, HTTPRequest.Method)] = [
        ("/api/rooms", .get),
        ("/api/rooms/Ab3dE6gH9k/participants", .get),
        ("/api/rooms/Ab3dE6gH9k/participants/p1/kick", .post),
        ("/api/rooms/Ab3dE6gH9k/participants/p1/mute", .post),
        ("/api/rooms/Ab3dE6gH9k", .delete),
        ("/api/admin/events", .get),
    ]

    @Test func withoutAConfiguredTokenEveryAdminCallIs401() async throws {
        try await TestServer(adminToken: nil).application.test(.router) { client in
            for (uri, method) in Self.calls {
                for headers: HTTPFields in [[:], [.authorization: "Bearer "], [.authorization: "Bearer anything"]] {
                    try await client.execute(uri: uri, method: method, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(method) \(uri)")
                        #expect(TestServer.json(response)["error"] as? String
                            == "The admin API is disabled: no admin token is configured on the server.")
                    }
                }
            }
        }
    }

    @Test func missingOrWrongTokenIs401AndChangesNothing() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            let id = try await client.createRoom()
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Basic \(TestServer.token)"],
                                        [.authorization: "Bearer \(TestServer.token)x"]] {
                try await client.execute(uri: "/api/rooms/\(id)", method: .delete, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                try await client.execute(uri: "/api/rooms", method: .get, headers: headers) { #expect($0.status == .unauthorized) }
            }
            #expect(server.hub.room(id: id) != nil)
        }
    }

    @Test func listRoomsAndParticipants() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            let id = try await client.createRoom()
            let sink = RecordingSink()
            let connection = server.hub.connect(roomID: id, clientAddress: "a", sink: sink)
            server.hub.receive(#"{"type":"join","user_id":42,"name":"alice"}"#, from: connection)
            server.media.statisticsByParticipant.withLockedValue {
                $0["p1"] = MediaStatistics(bitrateInKbps: 512, bitrateOutKbps: 1024, packetsLost: 3, jitterMs: 4.5, rttMs: 20, sendingAudio: true, sendingVideo: true)
            }
            try await client.execute(uri: "/api/rooms", method: .get, headers: TestServer.adminHeaders) { response in
                #expect(response.status == .ok)
                let rooms = try #require(TestServer.json(response)["rooms"] as? [[String: Any]])
                #expect(rooms.count == 1)
                #expect(rooms[0]["room_id"] as? String == id)
                #expect(rooms[0]["participants"] as? Int == 1)
                #expect(rooms[0]["expires_at"] is String)
            }
            try await client.execute(uri: "/api/rooms/\(id)/participants", method: .get, headers: TestServer.adminHeaders) { response in
                let participants = try #require(TestServer.json(response)["participants"] as? [[String: Any]])
                let alice = try #require(participants.first)
                #expect(alice["id"] as? String == "p1")
                #expect(alice["name"] as? String == "alice")
                #expect(alice["user_id"] as? String == "42")
                #expect(alice["joined_at"] as? String == Timestamp.string(from: server.clock.now))
                #expect(alice["audio"] as? Bool == true)
                let stats = try #require(alice["stats"] as? [String: Any])
                #expect(stats["bitrate_in_kbps"] as? Double == 512)
                #expect(stats["bitrate_out_kbps"] as? Double == 1024)
                #expect(stats["packets_lost"] as? Int == 3)
                #expect(stats["jitter_ms"] as? Double == 4.5)
                #expect(stats["rtt_ms"] as? Double == 20)
            }
            try await client.execute(uri: "/api/rooms/ZZZZZZZZZZ/participants", method: .get, headers: TestServer.adminHeaders) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/rooms/bad/participants", method: .get, headers: TestServer.adminHeaders) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func kickMuteAndClose() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            let id = try await client.createRoom()
            let alice = RecordingSink(), bob = RecordingSink()
            let aliceConnection = server.hub.connect(roomID: id, clientAddress: "a", sink: alice)
            let bobConnection = server.hub.connect(roomID: id, clientAddress: "b", sink: bob)
            server.hub.receive(#"{"type":"join"}"#, from: aliceConnection)
            server.hub.receive(#"{"type":"join"}"#, from: bobConnection)

            try await client.execute(uri: "/api/rooms/\(id)/participants/p1/mute", method: .post, headers: TestServer.adminHeaders,
                                     body: ByteBuffer(string: #"{"audio":true,"video":false}"#)) { #expect($0.status == .noContent) }
            #expect(server.media.calls.last == .forwarding(participantID: "p1", audio: false, video: true))
            #expect(bob.messages(ofType: "media-state").last?["audio"] as? Bool == false)
            for body in ["", "{}", "[1]", "{\"audio\":\"yes\"}"] {
                try await client.execute(uri: "/api/rooms/\(id)/participants/p1/mute", method: .post, headers: TestServer.adminHeaders,
                                         body: ByteBuffer(string: body)) { #expect($0.status == .badRequest, "\(body)") }
            }
            try await client.execute(uri: "/api/rooms/\(id)/participants/p9/mute", method: .post, headers: TestServer.adminHeaders,
                                     body: ByteBuffer(string: #"{"video":true}"#)) { #expect($0.status == .notFound) }

            try await client.execute(uri: "/api/rooms/\(id)/participants/p2/kick", method: .post, headers: TestServer.adminHeaders) {
                #expect($0.status == .noContent)
            }
            #expect(bob.types.last == "kicked")
            try await client.execute(uri: "/api/rooms/\(id)/participants/p2/kick", method: .post, headers: TestServer.adminHeaders) {
                #expect($0.status == .notFound)
            }

            try await client.execute(uri: "/api/rooms/\(id)", method: .delete, headers: TestServer.adminHeaders) { #expect($0.status == .noContent) }
            #expect(alice.types.last == "room-closed")
            try await client.execute(uri: "/api/rooms/\(id)", method: .delete, headers: TestServer.adminHeaders) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/rooms/\(id)", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func eventsWithoutUpgradeExplainThemselves() async throws {
        try await TestServer().application.test(.router) { client in
            try await client.execute(uri: "/api/admin/events", method: .get, headers: TestServer.adminHeaders) {
                #expect($0.status == .upgradeRequired)
            }
            try await client.execute(uri: "/api/admin/events?token=\(TestServer.token)", method: .get) {
                #expect($0.status == .upgradeRequired)
            }
        }
    }

    @Test func tokenComparison() {
        #expect(AdminAuthorization.constantTimeEquals("abc", "abc"))
        #expect(!AdminAuthorization.constantTimeEquals("abc", "abd"))
        #expect(!AdminAuthorization.constantTimeEquals("abc", "abcd"))
        #expect(!AdminAuthorization.constantTimeEquals("", "a"))
    }
}
