import Foundation
import Glibc

/// A detached tmux session on a private server (`-L`, no user configuration), for driving the
/// real program in a real terminal emulator from tests. Only this session's own server is stopped.
public final class TmuxSession {
    public static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var isAvailable: Bool { executable != nil }

    /// The built `kaamos-tui`: $KAAMOS_TUI_BINARY, next to the test bundle, or in .build/debug.
    public static func programPath(filePath: String = #filePath) -> String? {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["KAAMOS_TUI_BINARY"] { candidates.append(path) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kaamos-tui").path)
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/kaamos-tui").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public let socket = "kaamos-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    public let name: String
    private var serverPID: pid_t?

    /// Starts `command` (a shell command line) in a new session of `columns` x `rows`. With
    /// `keepsDeadPane` the pane stays after the program ends, to read its exit status and screen.
    public init(command: String, columns: Int = 110, rows: Int = 24, name: String = "test",
                keepsDeadPane: Bool = false) throws {
        self.name = name
        var arguments = ["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command]
        if keepsDeadPane { arguments += [";", "set-option", "-t", name, "remain-on-exit", "on"] }
        let started = try run(arguments)
        guard started.status == 0 else {
            throw TmuxError(message: "tmux new-session failed (status \(started.status)): \(started.output)")
        }
        serverPID = Int32(try show("#{pid}"))
    }

    deinit { kill() }

    /// Runs tmux with `arguments` against this session's server: its exit status and output.
    /// posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring waits for
    /// inherited descriptors that the forked tmux server keeps open. The server must get neither
    /// the test runner's blocked signals (it would never reap the pane, nor obey kill-server) nor
    /// its open descriptors (bash closes those above stderr before it runs tmux).
    @discardableResult
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let executable = Self.executable else { throw TmuxError(message: "tmux is not installed.") }
        let path = NSTemporaryDirectory() + "\(socket)-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(path) }
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
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/bin/bash", "-c", Self.closeDescriptorsAndExec, executable, "-u", "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw TmuxError(message: "tmux could not start (error \(spawned)).") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    private static let closeDescriptorsAndExec =
        #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#

    /// The pane as text, or with colours as escape sequences (`escapes`).
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : [])).output
    }

    /// The pane as text, or an empty string when tmux cannot be asked: for failure messages.
    public var screen: String { (try? capture()) ?? "" }

    /// A tmux format (`#{pane_dead}`, `#{alternate_on}`) expanded for this session's pane.
    public func show(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Keys by tmux name ("Enter", "Escape", "q").
    public func send(_ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    /// Text typed literally.
    public func type(_ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
    }

    public func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Ends the session and this private server; a server that ignores kill-server is killed.
    public func kill() {
        _ = try? run(["kill-session", "-t", name])
        _ = try? run(["kill-server"])
        if let serverPID, Glibc.kill(serverPID, 0) == 0 { Glibc.kill(serverPID, SIGKILL) }
        serverPID = nil
    }

    /// Polls the pane until `condition` holds for its text, for at most `timeout`; returns whether
    /// it held and the last capture either way.
    public func waitFor(timeout: Duration = .seconds(10), escapes: Bool = false,
                        _ condition: (String) -> Bool) throws -> (Bool, String) {
        var text = ""
        let held = try eventuallyBlocking(timeout: timeout, every: .milliseconds(50)) {
            text = try capture(escapes: escapes)
            return condition(text)
        }
        return (held, text)
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
