import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KaamosServer

@Suite struct AdminEventStreamTests {
    @Test func deliversRoomCreatedWithinASecond() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let admin = TestSocket(port: port, path: "/api/admin/events", headers: [("Authorization", "Bearer \(TestServer.token)")])
            _ = try await admin.next("snapshot")
            let start = ContinuousClock.now
            let roomID = try await client.createRoom()
            let event = try await admin.next("room-created", timeout: .seconds(1))
            #expect(ContinuousClock.now - start < .seconds(1))
            #expect(event["room_id"] as? String == roomID)

            let member = TestSocket(port: port, path: "/ws/\(roomID)")
            member.send(#"{"type":"join","name":"zoe"}"#)
            let joined = try await admin.next("participant-joined")
            #expect((joined["participant"] as? [String: Any])?["name"] as? String == "zoe")
            member.send(#"{"type":"media-state","video":false}"#)
            #expect(try await admin.next("media-state")["video"] as? Bool == false)
            server.hub.publishStatistics()
            _ = try await admin.next("stats")
            member.close()
            #expect(try await admin.next("participant-left")["room_id"] as? String == roomID)
            try await client.execute(uri: "/api/rooms/\(roomID)", method: .delete, headers: TestServer.adminHeaders) { _ in }
            #expect(try await admin.next("room-closed")["reason"] as? String == "closed by admin")
            admin.close()
        }
    }

    @Test func browserStyleTokenInTheQuery() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let admin = TestSocket(port: port, path: "/api/admin/events?token=\(TestServer.token)")
            _ = try await admin.next("snapshot")
            admin.close()
        }
    }

    @Test func withoutTheTokenTheUpgradeIsRefused() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let intruder = TestSocket(port: port, path: "/api/admin/events?token=wrong")
            await #expect(throws: (any Error).self) { try await intruder.closed() }
            #expect(server.hub.counts.subscribers == 0)
        }
    }
}
