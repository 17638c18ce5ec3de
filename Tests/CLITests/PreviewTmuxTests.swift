import Foundation
import Glibc
import Testing

/// `kaamos-tui preview --test-pattern --frames 90` in a detached tmux session of 100x30: the pane
/// shows coloured block characters that move, and the main screen is back after it exits.
/// This one waits on real time: tmux is a real terminal with a real clock.
@Suite struct PreviewTmuxTests {
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// One tmux server of our own (-L), without the user's configuration.
    struct Tmux {
        let socket = "kaamos-preview-test-\(UUID().uuidString.prefix(8))"

        @discardableResult
        func callAsFunction(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let path = NSTemporaryDirectory() + "\(socket)-\(UUID().uuidString).out"
            defer { try? FileManager.default.removeItem(atPath: path) }
            // Spawned by hand rather than with Process: the server tmux forks from the first client
            // must get neither the test runner's blocked signals (it would never reap the pane, nor
            // obey kill-server) nor its open descriptors (bash closes those above stderr).
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t(), allSignals = sigset_t()
            sigemptyset(&noSignals)
            sigfillset(&allSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

            let argv = ["/bin/bash", "-c", Self.closeDescriptorsAndExec, PreviewTmuxTests.tmuxPath!,
                        "-u", "-L", socket, "-f", "/dev/null"] + arguments
            let environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=xterm-256color"]
            var cArguments = argv.map { strdup($0) } + [nil]
            var cEnvironment = environment.map { strdup($0) } + [nil]
            defer { (cArguments + cEnvironment).forEach { free($0) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, &cEnvironment)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return (exitStatus, String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self))
        }

        static let closeDescriptorsAndExec = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#

        func capture() throws -> String { try self(["capture-pane", "-e", "-p", "-t", "preview"]).output }
        func show(_ format: String) throws -> String {
            try self(["display-message", "-p", "-t", "preview", format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed (scripts/setup.sh installs it)"))
    func thePatternMovesInATmuxPaneAndTheScreenIsRestored() throws {
        let tmux = Tmux()
        var serverPID: Int32?
        defer {
            _ = try? tmux(["kill-server"])
            // Should it have ignored kill-server, the server goes anyway.
            if let serverPID, kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        }
        let errors = NSTemporaryDirectory() + "\(tmux.socket).err"
        defer { try? FileManager.default.removeItem(atPath: errors) }
        // env -i: the test runner's environment (NO_COLOR, say) must not reach the preview.
        let command = "env -i PATH=/usr/bin:/bin TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 \(KaamosBinary.path) preview --test-pattern --frames 90 2>\(errors)"
        let started = try tmux(["new-session", "-d", "-s", "preview", "-x", "100", "-y", "30", command,
                                ";", "set-option", "-t", "preview", "remain-on-exit", "on"])
        #expect(started.status == 0)
        serverPID = Int32(try tmux.show("#{pid}"))

        Thread.sleep(forTimeInterval: 1.0)
        let first = try tmux.capture()
        Thread.sleep(forTimeInterval: 0.6)
        let second = try tmux.capture()
        #expect(try tmux.show("#{alternate_on}") == "1", "the preview runs on the alternate screen")
        #expect(try tmux.show("#{cursor_flag}") == "0", "with the cursor hidden")

        for capture in [first, second] {
            let blocks = capture.unicodeScalars.filter { $0 == "\u{2580}" || $0 == "\u{2584}" || $0 == "\u{2588}" }.count
            #expect(blocks > 100 * 29 / 2, "half blocks in the pane: \(blocks)")
            #expect(capture.contains("\u{1B}[38;2;") && capture.contains("\u{1B}[48;2;"), "24-bit colour escapes")
            #expect(capture.contains("test pattern 640x360 | 100x29 half truecolor | "))
            #expect(capture.contains(" | q quits"), "stdin is the pane's terminal, so keys are read")
        }
        let firstLines = first.split(separator: "\n"), secondLines = second.split(separator: "\n")
        let changedRows = zip(firstLines.prefix(29), secondLines.prefix(29)).filter { $0 != $1 }.count
        #expect(changedRows >= 5, "the pattern moves: \(changedRows) of 29 picture rows changed")

        // 90 frames at 30 fps end after about 3 s; the pane stays (remain-on-exit) to be inspected.
        let deadline = Date().addingTimeInterval(15)
        // The pane is dead when its terminal closes; the exit status comes with SIGCHLD, a moment later.
        while try tmux.show("#{pane_dead_status}").isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try tmux.show("#{pane_dead}") == "1")
        let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        let death = try tmux.show("status #{pane_dead_status} signal #{pane_dead_signal}")
        // tmux learns the status from SIGCHLD, which a server started under the test runner does not
        // always get; when it has one it must be 0 (the pseudo-terminal tests check the status too).
        #expect(death == "status 0 signal" || death == "status  signal", "\(stderr)")
        #expect(stderr.isEmpty)
        #expect(try tmux.show("#{alternate_on}") == "0", "back on the main screen")
        let after = try tmux.capture()
        #expect(!after.contains("\u{2580}"), "the picture went away with the alternate screen")
    }
}
