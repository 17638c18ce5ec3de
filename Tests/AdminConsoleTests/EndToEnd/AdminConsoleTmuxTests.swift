import ClientCore
import Foundation
import KaamosTestSupport
import Testing

/// `kaamos-tui admin` in a real terminal (tmux) against the real server.
@Suite(.serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the console's terminal test is skipped"),
       .enabled(if: BuiltProducts.available, "build kaamos-server and kaamos-tui first (swift build)"))
struct AdminConsoleTmuxTests {
    static let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    @Test func roomsAppearLiveCloseByTypingTheIdAndQuitExitsZero() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-admin-status-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: statusFile) }
        let command = "env TERM=xterm-256color XDG_CONFIG_HOME=/nonexistent KAAMOS_ADMIN_TOKEN=\(ServerProcess.adminToken) "
            + "\(BuiltProducts.client) admin --server \(server.url); echo $? > \(statusFile); sleep 60"
        let tmux = try TmuxSession(command: command)

        let connected = try tmux.waitFor { $0.contains("· live") && $0.contains("no live rooms") }
        #expect(connected.0, "the console never showed the live feed:\n\(tmux.screen)")

        // A room created elsewhere shows up through the event stream, well within a second.
        let start = Date()
        let created = try runClient(["create", "--server", server.url])
        let room = try #require(created.output.split(separator: "\n").first.map(String.init))
        let appeared = try tmux.waitFor(timeout: .seconds(15)) { $0.contains(room) }
        let latency = Date().timeIntervalSince(start)
        #expect(appeared.0 && latency < 1, "room \(room) took \(latency) s to appear:\n\(tmux.screen)")

        // Someone joins: the participants screen shows them by name.
        let joiner = SignalingConnection(url: ServerEndpointFixture.signaling(server.url, room))
        joiner.send(.join(roomID: room, userID: "u1", name: "ann"))
        defer { joiner.close() }
        #expect(try tmux.waitFor(timeout: .seconds(15)) { $0.contains("\(room)  1") }.0, "the participant count never rose:\n\(tmux.screen)")
        try tmux.send("Enter")
        #expect(try tmux.waitFor(timeout: .seconds(15)) { $0.contains("ann") && $0.contains("1 participant") }.0, "ann never showed:\n\(tmux.screen)")
        try tmux.send("Escape")

        // x, then the id typed out, closes it; the list empties.
        try tmux.send("x")
        #expect(try tmux.waitFor(timeout: .seconds(15)) { $0.contains("Type its id to confirm") }.0, "\(tmux.screen)")
        try tmux.type(room)
        try tmux.send("Enter")
        let emptied = try tmux.waitFor(timeout: .seconds(15)) { $0.contains("· 0 rooms ·") && $0.contains("no live rooms") && $0.contains("Closed room \(room).") }
        #expect(emptied.0, "the room stayed on screen:\n\(tmux.screen)")
        let rooms = try runClient(["rooms", "--json", "--server", server.url], environment: ["KAAMOS_ADMIN_TOKEN": ServerProcess.adminToken])
        #expect(!rooms.output.contains(room))

        try tmux.send("q")
        var status: String?
        _ = await eventually(timeout: .seconds(5)) {
            status = try? String(contentsOfFile: statusFile, encoding: .utf8)
            return status != nil
        }
        #expect(status?.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "exit status \(status ?? "none"):\n\(tmux.screen)")
    }

    @Test(.enabled(if: python, "python3 is missing: no stub server")) func aServerWithoutTheStreamIsPolledAndTheStatusLineSaysSo() throws {
        // A stand-in server that answers /api/rooms but 404s the event stream.
        let stub = try StubRoomsServer()
        defer { stub.stop() }
        let command = "env TERM=xterm-256color XDG_CONFIG_HOME=/nonexistent KAAMOS_ADMIN_TOKEN=T \(BuiltProducts.client) admin --server \(stub.url); sleep 60"
        let tmux = try TmuxSession(command: command)
        let shown = try tmux.waitFor(timeout: .seconds(10)) { $0.contains("polling") && $0.contains("Stubroom01") }
        #expect(shown.0, "\(tmux.screen)")
        #expect(tmux.screen.contains("no admin event stream"))
        try tmux.send("q")
    }
}

extension ServerEndpointFixture {
    static func signaling(_ server: String, _ room: String) -> String {
        (try? ServerEndpoint(baseURL: server))?.signalingURL(room: room) ?? ""
    }
}
