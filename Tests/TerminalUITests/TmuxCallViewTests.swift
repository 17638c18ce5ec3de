import Foundation
import KaamosTestSupport
import Testing

/// Runs `kaamos-tui _ui-demo --tiles 2` in a real terminal emulator (a detached tmux session)
/// and checks what a user would see. Skipped when tmux or the built program is missing.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the call view's terminal test is skipped"),
       .enabled(if: TmuxSession.programPath() != nil, "kaamos-tui is not built (swift build --product kaamos-tui): the terminal test is skipped"))
struct TmuxCallViewTests {
    @Test func theDemoCallViewDrawsReactsToKeysResizesAndRestoresTheTerminal() throws {
        let program = try #require(TmuxSession.programPath())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-tui-tmux-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let statusFile = directory.appendingPathComponent("exit").path
        let sttyFile = directory.appendingPathComponent("stty").path
        let command = "env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 LC_ALL= LC_CTYPE= sh -c '"
            + "\"\(program)\" _ui-demo --tiles 2; echo \"exit=$?\" > \(statusFile); stty -a > \(sttyFile); sleep 20'"
        let tmux = try TmuxSession(command: command, columns: 120, rows: 40)
        defer { tmux.kill() }

        // Names, status line and block art in colour.
        let (drawn, screen) = try tmux.waitFor { $0.contains("Aino") && $0.contains("Bertil") && $0.contains("connected │ rtt") }
        #expect(drawn, "the call view did not appear:\n\(screen)")
        let lines = screen.components(separatedBy: "\n")
        #expect(lines.count >= 40 && lines[39].contains("● mic │ ● cam"), "status line: \(lines.count > 39 ? lines[39] : "missing")")
        #expect(screen.contains("camera off"), "the tile without video shows a name card")
        let (coloured, colours) = try tmux.waitFor(escapes: true) { $0.contains("▀") && $0.contains("38;2;") && $0.contains("48;2;") }
        #expect(coloured, "no truecolour block art:\n\(colours.prefix(2000))")

        // m flips the mic icon in the status line.
        try tmux.send("m")
        let (muted, afterMute) = try tmux.waitFor { $0.components(separatedBy: "\n").dropFirst(39).first?.contains("✕ mic │ ● cam") == true }
        #expect(muted, "the mic icon did not flip:\n\(afterMute)")

        // ? opens the help overlay over the video, and closes it again.
        try tmux.send("?")
        let (helped, help) = try tmux.waitFor { $0.contains("q  leave the call") && $0.contains("Keys") }
        #expect(helped, "no help overlay:\n\(help)")
        try tmux.send("?")
        let (closed, _) = try tmux.waitFor { !$0.contains("q  leave the call") }
        #expect(closed, "the help overlay did not close")

        // The layout follows a resize: status line on the new last row, nothing past the new width.
        try tmux.resize(columns: 90, rows: 30)
        let (followed, resized) = try tmux.waitFor { text in
            let rows = text.components(separatedBy: "\n")
            return rows.count >= 30 && rows[29].contains("connected │ rtt") && rows[0].contains("kaamos")
                && rows.allSatisfy { $0.count <= 90 } && text.contains("Aino")
        }
        #expect(followed, "the layout did not follow the resize:\n\(resized)")
        let (redrawn, _) = try tmux.waitFor(escapes: true) { $0.contains("▀") && $0.contains("38;2;") }
        #expect(redrawn, "no video after the resize")

        // q leaves with status 0 and the terminal back in its normal modes.
        try tmux.send("q")
        _ = eventuallyBlocking { Self.contents(of: sttyFile).hasSuffix("\n") }
        let status = (try? String(contentsOfFile: statusFile, encoding: .utf8)) ?? "no exit status"
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "exit=0")
        let modes = (try? String(contentsOfFile: sttyFile, encoding: .utf8)) ?? ""
        let words = Set(modes.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        #expect(words.contains("icanon") && words.contains("echo") && words.contains("icrnl"),
                "terminal modes not restored: \(modes)")
        let after = try tmux.capture()
        #expect(!after.contains("Aino") && !after.contains("connected │ rtt"), "the call view is still on screen:\n\(after)")
    }

    @Test func aNonUTF8LocaleGetsASCIIAndCtrlCLeavesCleanly() throws {
        let program = try #require(TmuxSession.programPath())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-tui-tmux-ascii-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let statusFile = directory.appendingPathComponent("exit").path
        let command = "env -u NO_COLOR TERM=xterm-256color LANG=C LC_ALL=C sh -c '"
            // The shell must outlive the Ctrl-C to report the exit status (a handler, unlike an
            // ignored signal, is not inherited by the program).
            + "trap : INT; \"\(program)\" _ui-demo --tiles 2; echo \"exit=$?\" > \(statusFile); sleep 20'"
        let tmux = try TmuxSession(command: command, columns: 100, rows: 30)
        defer { tmux.kill() }

        let (drawn, screen) = try tmux.waitFor { $0.contains("Aino") && $0.contains("connected | rtt") }
        #expect(drawn, "the call view did not appear:\n\(screen)")
        #expect(screen.contains("+ * Aino +mic +cam") || screen.contains("+ Aino +mic +cam"), "ASCII tile label:\n\(screen)")
        let (ascii, art) = try tmux.waitFor { text in
            text.unicodeScalars.allSatisfy { $0.isASCII } && text.contains("|") && (text.contains("#") || text.contains(":"))
        }
        #expect(ascii, "non-ASCII output or no ASCII art:\n\(art)")

        try tmux.send("C-c")
        _ = eventuallyBlocking { Self.contents(of: statusFile).hasSuffix("\n") }
        let status = (try? String(contentsOfFile: statusFile, encoding: .utf8)) ?? "no exit status"
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "exit=0", "Ctrl-C should leave like q")
    }

    /// A file the shell in the pane writes, or "" while it has not.
    static func contents(of path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
