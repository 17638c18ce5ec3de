import Foundation
import Testing

/// The scripted admin commands against the real kaamos-server binary.
@Suite(.serialized, .enabled(if: BuiltProducts.available, "build kaamos-server and kaamos-tui first (swift build)"))
struct ScriptedCommandsEndToEndTests {
    @Test func createListParticipantsCloseAndErrors() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let admin = ["KAAMOS_ADMIN_TOKEN": ServerProcess.adminToken]

        let created = try runClient(["create", "--server", server.url, "--json"])
        #expect(created.status == 0, "\(created.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
        let room = try #require(object?["room_id"] as? String)
        #expect((object?["url"] as? String)?.hasSuffix("/room/\(room)") == true)

        let plain = try runClient(["create", "--server", server.url])
        #expect(plain.status == 0)
        #expect(plain.output.split(separator: "\n").count == 2)

        let rooms = try runClient(["rooms", "--server", server.url, "--json"], environment: admin)
        #expect(rooms.status == 0, "\(rooms.errors)")
        #expect(rooms.output.contains("\"room_id\":\"\(room)\""))

        let table = try runClient(["rooms", "--server", server.url], environment: admin)
        #expect(table.output.contains(room))

        let people = try runClient(["participants", room, "--server", server.url, "--json"], environment: admin)
        #expect(people.status == 0)
        #expect(people.output == "{\"participants\":[],\"room_id\":\"\(room)\"}\n")

        let unknown = try runClient(["participants", "AAAAAAAAAA", "--server", server.url], environment: admin)
        #expect(unknown.status == 2)
        #expect(unknown.errors.split(separator: "\n").count == 1)

        let unconfirmed = try runClient(["close", room, "--server", server.url], environment: admin)
        #expect(unconfirmed.status == 64)
        #expect(unconfirmed.errors.contains("--yes"))

        let closed = try runClient(["close", room, "--yes", "--server", server.url], environment: admin)
        #expect(closed.status == 0, "\(closed.errors)")

        let after = try runClient(["rooms", "--server", server.url, "--json"], environment: admin)
        #expect(after.status == 0)
        #expect(!after.output.contains(room))

        let closedAgain = try runClient(["close", room, "--yes", "--server", server.url], environment: admin)
        #expect(closedAgain.status == 2)

        let kickNobody = try runClient(["kick", "AAAAAAAAAA", "p9", "--yes", "--server", server.url], environment: admin)
        #expect(kickNobody.status == 2)

        let badToken = try runClient(["rooms", "--server", server.url, "--admin-token", "wrong"])
        #expect(badToken.status == 3)
        #expect(badToken.errors.contains("401"))

        let noToken = try runClient(["rooms", "--server", server.url])
        #expect(noToken.status == 3)

        let fromEnvironment = try runClient(["rooms"], environment: admin.merging(["KAAMOS_SERVER": server.url]) { $1 })
        #expect(fromEnvironment.status == 0)

        let unreachable = try runClient(["rooms", "--server", "http://127.0.0.1:\(unusedPort())"], environment: admin)
        #expect(unreachable.status == 4)
        #expect(unreachable.errors.hasPrefix("kaamos-tui: Cannot reach the server"))

        let usage = try runClient(["mute", "AAAAAAAAAA", "p1", "--server", server.url], environment: admin)
        #expect(usage.status == 64)
    }

    @Test func tooManyCreatesExitFive() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        // The server allows 10 creates a minute per client by default.
        var last = try runClient(["create", "--server", server.url])
        for _ in 0..<15 where last.status == 0 {
            last = try runClient(["create", "--server", server.url])
        }
        #expect(last.status == 5, "\(last.errors)")
        #expect(last.errors.hasPrefix("kaamos-tui: The server is rate-limiting us"))
    }

    @Test func configFileSuppliesServerAndToken() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("kaamos"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("server = \"\(server.url)\"\nadmin_token = \"\(ServerProcess.adminToken)\"\n".utf8)
            .write(to: directory.appendingPathComponent("kaamos/config.toml"))
        let rooms = try runClient(["rooms", "--json"], environment: ["XDG_CONFIG_HOME": directory.path])
        #expect(rooms.status == 0, "\(rooms.errors)")
        #expect(rooms.output.hasPrefix("{\"rooms\":"))
    }
}
