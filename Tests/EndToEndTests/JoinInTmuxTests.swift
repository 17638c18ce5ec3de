import ClientCore
import Foundation
import KaamosTestSupport
import Testing

/// `kaamos-tui join` as a user sees it: the real server, a synthetic publisher, and the call view
/// in a tmux pane of a known size.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable && Processes.binary("kaamos-server") != nil && Processes.binary("kaamos-tui") != nil,
                             "needs tmux and the built kaamos-server and kaamos-tui (swift build)"))
struct JoinInTmuxTests {
    @Test func callViewShowsThePublisherAndFollowsKeysAndResize() async throws {
        let port = Processes.freePort()
        let server = try BackgroundProcess([Processes.binary("kaamos-server")!, "--host", "127.0.0.1", "--port", "\(port)",
                                            "--admin-token", "secret", "--media-address", "127.0.0.1"], name: "server")
        defer { server.stop() }
        let endpoint = try ServerEndpoint(baseURL: "http://127.0.0.1:\(port)")
        let admin = KaamosAPIClient(endpoint: endpoint, adminToken: "secret")
        var room = ""
        _ = await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            if let created = try? await admin.createRoom() { room = created.roomID }
            return !room.isEmpty
        }
        try #require(!room.isEmpty, "the server did not start: \(server.output)")
        let publisher = try BackgroundProcess([Processes.binary("kaamos-tui")!, "probe", room, "--server", endpoint.baseURL,
                                               "--peers", "1", "--duration", "60"], name: "publisher")
        defer { publisher.stop() }

        let exitFile = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-e2e-\(port).exit").path
        let command = "cd \(Processes.root.path) && unset NO_COLOR; TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 \(Processes.binary("kaamos-tui")!) join \(room) --server \(endpoint.baseURL) --name tester --test-pattern --audio-output none 2>/dev/null; echo $? > \(exitFile); sleep 5"
        let tmux = try TmuxSession(command: command, columns: 120, rows: 40)
        defer { tmux.kill() }

        func capture(escapes: Bool = false) -> String { (try? tmux.capture(escapes: escapes)) ?? "" }
        func waitFor(_ text: String, timeout: Duration = .seconds(15)) async -> Bool {
            await eventually(timeout: timeout, every: .milliseconds(100)) { capture().contains(text) }
        }

        // The publisher's tile: its name, block art with colours, and the status line.
        #expect(await waitFor("probe"), "no tile named after the publisher:\n\(capture())")
        #expect(await waitFor("connected"), "no status line:\n\(capture())")
        var first = ""
        let drawn = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
            first = capture(escapes: true)
            return (first.contains("▀") || first.contains("▄")) && first.contains("38;2;")
        }
        #expect(drawn, "no block art in truecolor:\n\(capture())")
        let moved = await eventually(timeout: .seconds(3), every: .milliseconds(100)) { capture(escapes: true) != first }
        #expect(moved, "the picture does not move")

        // m flips the mic on screen and in the server's participants API.
        let before = try await admin.participants(room: room).first { $0.name == "tester" }
        #expect(before?.audio == true)
        try tmux.send("m")
        #expect(await waitFor("✕ mic"), "mic icon did not flip:\n\(capture())")
        let unmutedOnServer = await eventually(timeout: .seconds(3), every: .milliseconds(100)) {
            (try? await admin.participants(room: room).first { $0.name == "tester" }?.audio) == false
        }
        #expect(unmutedOnServer, "the server still shows tester's audio on")

        // Resize: the layout follows the new size.
        let wide = capture().split(separator: "\n").map(\.count).max() ?? 0
        try tmux.resize(columns: 80, rows: 30)
        var narrow = wide
        _ = await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            narrow = capture().split(separator: "\n").map(\.count).max() ?? 0
            return narrow < wide && narrow <= 80 && capture().contains("connected")
        }
        #expect(narrow < wide && narrow <= 80, "layout did not follow the resize: \(wide) -> \(narrow)")

        // q leaves cleanly: exit 0 and one participant fewer on the server.
        let count = try await admin.room(room).participants ?? 0
        try tmux.send("q")
        var exitStatus: String?
        _ = await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            exitStatus = try? String(contentsOfFile: exitFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return exitStatus?.isEmpty == false
        }
        #expect(exitStatus == "0")
        // The leave is flushed before the process exits, so the server counts one fewer at once.
        #expect(try await admin.room(room).participants == count - 1)
    }

    @Test func faultsGetOneClearLineAndTheirExitStatus() async throws {
        let tui = Processes.binary("kaamos-tui")!
        // Server unreachable: exit 4.
        var result = Processes.run([tui, "join", "Ab3dE6gH9k", "--server", "http://127.0.0.1:9", "--test-pattern", "--audio-output", "none"])
        #expect(result.status == 4, "\(result.output)")
        #expect(result.output.contains("Cannot reach"))
        // A malformed room: bad usage.
        result = Processes.run([tui, "join", "not a room"])
        #expect(result.status == 64, "\(result.output)")
        // Room not found: exit 2.
        let port = Processes.freePort()
        let server = try BackgroundProcess([Processes.binary("kaamos-server")!, "--host", "127.0.0.1", "--port", "\(port)", "--no-media"], name: "server-faults")
        defer { server.stop() }
        let api = KaamosAPIClient(endpoint: try ServerEndpoint(baseURL: "http://127.0.0.1:\(port)"))
        let up = await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            (try? await api.status(ofGET: "/health")) == 200
        }
        try #require(up, "the server did not start: \(server.output)")
        result = Processes.run([tui, "join", "NoSuchRoom", "--server", "http://127.0.0.1:\(port)", "--test-pattern", "--audio-output", "none"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("does not exist"))
    }
}
