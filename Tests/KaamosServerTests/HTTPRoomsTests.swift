import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KaamosServer
import KaamosWire

@Suite struct HTTPRoomsTests {
    @Test func createAnswers201WithTheRoom() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/rooms/create", method: .post,
                body: ByteBuffer(string: #"{"creator_user_id": 123456789}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = TestServer.json(response)
                let id = try #require(body["room_id"] as? String)
                #expect(RoomID.isValid(id))
                let url = try #require(body["url"] as? String)
                #expect(url.hasPrefix("http://") && url.hasSuffix("/room/\(id)"))
                #expect(body["expires_at"] as? String == Timestamp.string(from: server.clock.now + 86_400))
                #expect(server.hub.room(id: id)?.creatorUserID == "123456789")
            }
        }
    }

    @Test func publicURLShapesTheLink() async throws {
        let server = TestServer { $0.publicURL = "https://kaamos.example.com/" }
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/rooms/create", method: .post) { response in
                let body = TestServer.json(response)
                #expect(body["url"] as? String == "https://kaamos.example.com/room/\(body["room_id"] as? String ?? "")")
            }
        }
    }

    @Test func malformedBodyIs400() async throws {
        try await TestServer().application.test(.router) { client in
            try await client.execute(uri: "/api/rooms/create", method: .post, body: ByteBuffer(string: "{nope")) { response in
                #expect(response.status == .badRequest)
                #expect(TestServer.json(response)["error"] is String)
            }
        }
    }

    @Test func eleventhCreateInAMinuteIs429WithRetryAfter() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            for _ in 0..<10 {
                try await client.execute(uri: "/api/rooms/create", method: .post) { #expect($0.status == .created) }
            }
            server.clock.advance(by: 15)
            try await client.execute(uri: "/api/rooms/create", method: .post) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "45")
            }
            server.clock.advance(by: 45)
            try await client.execute(uri: "/api/rooms/create", method: .post) { #expect($0.status == .created) }
        }
    }

    @Test func roomLimitIs503() async throws {
        let server = TestServer { $0.limits.maxRooms = 1 }
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/rooms/create", method: .post) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/rooms/create", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(TestServer.json(response)["error"] as? String == "The server already has its maximum of 1 rooms; try again later.")
            }
        }
    }

    @Test func lookUpARoom() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            let id = try await client.createRoom()
            try await client.execute(uri: "/api/rooms/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                let body = TestServer.json(response)
                #expect(body["room_id"] as? String == id)
                #expect(body["active"] as? Bool == true)
                #expect(body["participants"] as? Int == 0)
                #expect(body["created_at"] as? String == Timestamp.string(from: server.clock.now))
            }
            try await client.execute(uri: "/api/rooms/ZZZZZZZZZZ", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(TestServer.json(response)["error"] as? String == "Room ZZZZZZZZZZ does not exist or has expired.")
            }
        }
    }

    @Test(arguments: ["short", "waytoolongroomid", "bad-id-123", "%2E%2E%2Fetc12", "Ab3dE6gH9%21"])
    func malformedRoomIDIs400(_ id: String) async throws {
        try await TestServer().application.test(.router) { client in
            for uri in ["/api/rooms/\(id)", "/room/\(id)", "/ws/\(id)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                }
            }
        }
    }

    @Test func expiredRoomIs404() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            let id = try await client.createRoom()
            server.clock.advance(by: 86_400)
            server.hub.sweep()
            try await client.execute(uri: "/api/rooms/\(id)", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func healthMetricsAndOpenAPI() async throws {
        let server = TestServer()
        server.media.currentCounters.withLockedValue { $0 = MediaCounters(forwardedPackets: 1200, forwardedBytes: 960_000) }
        try await server.application.test(.router) { client in
            _ = try await client.createRoom()
            try await client.execute(uri: "/api/rooms/bad", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = TestServer.json(response)
                #expect(body["status"] as? String == "ok")
                #expect(body["rooms"] as? Int == 1)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("kaamos_rooms 1"))
                #expect(text.contains("kaamos_participants 0"))
                #expect(text.contains("kaamos_forwarded_packets_total 1200"))
                #expect(text.contains("kaamos_forwarded_bytes_total 960000"))
                #expect(text.contains("kaamos_http_errors_total{status=\"400\"} 1"))
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.0"))
                for path in ["/api/rooms/create:", "/api/rooms/{room_id}:", "/api/rooms:", "/api/admin/events:", "/health:", "/metrics:"] {
                    #expect(text.contains(path), "\(path)")
                }
            }
        }
    }

    @Test func pageAndStaticFiles() async throws {
        try await TestServer().application.test(.router) { client in
            try await client.execute(uri: "/room/Ab3dE6gH9k", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("<html"))
            }
            try await client.execute(uri: "/static/index.html", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/static/missing.js", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/static/..", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/ws/Ab3dE6gH9k", method: .get) { #expect($0.status == .upgradeRequired) }
        }
    }

    @Test func webRootOverrideServesItsFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<html>override</html>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data("body{}".utf8).write(to: directory.appendingPathComponent("style.css"))
        try Data("export {}".utf8).write(to: directory.appendingPathComponent("app.js"))
        let server = TestServer { $0.webRoot = directory.path }
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/room/Ab3dE6gH9k", method: .get) { #expect(String(buffer: $0.body) == "<html>override</html>") }
            try await client.execute(uri: "/static/style.css", method: .get) { #expect($0.headers[.contentType] == "text/css; charset=utf-8") }
            try await client.execute(uri: "/static/app.js", method: .get) { #expect($0.headers[.contentType] == "text/javascript; charset=utf-8") }
            // A page that links relatively from /room/ID still finds its files.
            try await client.execute(uri: "/room/app.js", method: .get) { #expect(String(buffer: $0.body) == "export {}") }
        }
    }

    @Test func corsPreflightAndHeaders() async throws {
        let server = TestServer { $0.corsOrigins = ["https://app.example"] }
        try await server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/rooms/create", method: .options,
                headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example")
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
            }
            try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://app.example"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example")
            }
            try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func behindAProxyTheLimitFollowsTheAddressTheProxyAdded() async throws {
        let server = TestServer { $0.trustForwardedFor = true; $0.createLimit = 1 }
        try await server.application.test(.router) { client in
            let forwarded = HTTPField.Name("X-Forwarded-For")!
            try await client.execute(uri: "/api/rooms/create", method: .post, headers: [forwarded: "1.1.1.1, 203.0.113.5"]) {
                #expect($0.status == .created)
            }
            // A forged first entry does not make a new client.
            try await client.execute(uri: "/api/rooms/create", method: .post, headers: [forwarded: "9.9.9.9, 203.0.113.5"]) {
                #expect($0.status == .tooManyRequests)
            }
            try await client.execute(uri: "/api/rooms/create", method: .post, headers: [forwarded: "203.0.113.6"]) {
                #expect($0.status == .created)
            }
        }
    }
}
