import ClientCore
import Foundation
import KaamosTestSupport
import Testing

/// `kaamos-tui join` as a user sees it: the real server, a synthetic publisher, and the call view
/// in a tmux pane of a known size.
@Suite(.serialized, .enabled(if: TmuxSession.executable != nil && Processes.binary("kaamos-server") != nil && Processes.binary("kaamos-tui") != nil,
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
        for _ in 0..<50 {
            if let created = try? await admin.createRoom() { room = created.roomID; break }
            try await Task.sleep(for: .milliseconds(100))
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
        func waitFor(_ text: String, seconds: Double = 15) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if capture().contains(text) { return true }
                try? await Task.sleep(for: .milliseconds(200))
            }
            return false
        }

        // The publisher's tile: its name, block art with colours, and the status line.
        #expect(await waitFor("probe"), "no tile named after the publisher:\n\(capture())")
        #expect(await waitFor("connected"), "no status line:\n\(capture())")
        try await Task.sleep(for: .seconds(2))
        let first = capture(escapes: true)
        #expect(first.contains("▀") || first.contains("▄"), "no block art:\n\(capture())")
        #expect(first.contains("38;2;"), "no truecolor escapes")
        try await Task.sleep(for: .milliseconds(700))
        #expect(capture(escapes: true) != first, "the picture does not move")

        // m flips the mic on screen and in the server's participants API.
        let before = try await admin.participants(room: room).first { $0.name == "tester" }
        #expect(before?.audio == true)
        try tmux.send("m")
        #expect(await waitFor("✕ mic"), "mic icon did not flip:\n\(capture())")
        var audio: Bool?
        for _ in 0..<20 {
            audio = try await admin.participants(room: room).first { $0.name == "tester" }?.audio
            if audio == false { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(audio == false)

        // Resize: the layout follows the new size.
        let wide = capture().split(separator: "\n").map(\.count).max() ?? 0
        try tmux.resize(columns: 80, rows: 30)
        try await Task.sleep(for: .seconds(1))
        let narrow = capture().split(separator: "\n").map(\.count).max() ?? 0
        #expect(narrow < wide && narrow <= 80, "layout did not follow the resize: \(wide) -> \(narrow)")

        // q leaves cleanly: exit 0 and one participant fewer on the server.
        let count = try await admin.room(room).participants ?? 0
        try tmux.send("q")
        var exitStatus: String?
        for _ in 0..<50 {
            exitStatus = try? String(contentsOfFile: exitFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            if exitStatus != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(exitStatus == "0")
        try await Task.sleep(for: .milliseconds(500))
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
        try await Task.sleep(for: .seconds(1))
        result = Processes.run([tui, "join", "NoSuchRoom", "--server", "http://127.0.0.1:\(port)", "--test-pattern", "--audio-output", "none"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("does not exist"))
    }
}
