import Foundation
import Glibc
import KaamosTestSupport
import Testing

/// `kaamos-tui preview --test-pattern --frames 90` in a detached tmux session of 100x30: the pane
/// shows coloured block characters that move, and the main screen is back after it exits.
/// This one waits on real time: tmux is a real terminal with a real clock.
@Suite struct PreviewTmuxTests {
    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed (scripts/setup.sh installs it)"))
    func thePatternMovesInATmuxPaneAndTheScreenIsRestored() throws {
        let errors = NSTemporaryDirectory() + "kaamos-preview-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err"
        defer { try? FileManager.default.removeItem(atPath: errors) }
        // env -i: the test runner's environment (NO_COLOR, say) must not reach the preview.
        let command = "env -i PATH=/usr/bin:/bin TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 \(KaamosBinary.path) preview --test-pattern --frames 90 2>\(errors)"
        let tmux = try TmuxSession(command: command, columns: 100, rows: 30, name: "preview", keepsDeadPane: true)
        defer { tmux.kill() }

        // The picture is up once the status line is; then it must change (the pattern moves).
        let (shown, first) = try tmux.waitFor(escapes: true) { $0.contains(" | q quits") && Self.halfBlocks($0) > 100 * 29 / 2 }
        #expect(shown, "the preview never drew its status line:\n\(first)")
        let (moved, second) = try tmux.waitFor(timeout: .seconds(2), escapes: true) { Self.changedRows($0, first) >= 5 }
        #expect(moved, "the pattern did not move: \(Self.changedRows(second, first)) of 29 picture rows changed")
        #expect(try tmux.show("#{alternate_on}") == "1", "the preview runs on the alternate screen")
        #expect(try tmux.show("#{cursor_flag}") == "0", "with the cursor hidden")

        for capture in [first, second] {
            let blocks = Self.halfBlocks(capture)
            #expect(blocks > 100 * 29 / 2, "half blocks in the pane: \(blocks)")
            #expect(capture.contains("\u{1B}[38;2;") && capture.contains("\u{1B}[48;2;"), "24-bit colour escapes")
            #expect(capture.contains("test pattern 640x360 | 100x29 half truecolor | "))
            #expect(capture.contains(" | q quits"), "stdin is the pane's terminal, so keys are read")
        }

        // 90 frames at 30 fps end after about 3 s; the pane stays (remain-on-exit) to be inspected.
        // The pane is dead when its terminal closes; the exit status comes with SIGCHLD, a moment later.
        _ = try eventuallyBlocking(timeout: .seconds(15), every: .milliseconds(100)) { try !tmux.show("#{pane_dead_status}").isEmpty }
        #expect(try tmux.show("#{pane_dead}") == "1")
        let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        let death = try tmux.show("status #{pane_dead_status} signal #{pane_dead_signal}")
        // tmux learns the status from SIGCHLD, which a server started under the test runner does not
        // always get; when it has one it must be 0 (the pseudo-terminal tests check the status too).
        #expect(death == "status 0 signal" || death == "status  signal", "\(stderr)")
        #expect(stderr.isEmpty)
        #expect(try tmux.show("#{alternate_on}") == "0", "back on the main screen")
        let after = try tmux.capture(escapes: true)
        #expect(!after.contains("\u{2580}"), "the picture went away with the alternate screen")
    }

    static func halfBlocks(_ capture: String) -> Int {
        capture.unicodeScalars.filter { $0 == "\u{2580}" || $0 == "\u{2584}" || $0 == "\u{2588}" }.count
    }

    /// How many of the 29 picture rows differ between two captures.
    static func changedRows(_ one: String, _ other: String) -> Int {
        zip(one.split(separator: "\n").prefix(29), other.split(separator: "\n").prefix(29)).filter { $0 != $1 }.count
    }
}
