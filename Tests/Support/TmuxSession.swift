import Foundation

/// Test support shared by the test targets.
/// A detached tmux session on a private server socket, for driving the real program in a real
/// terminal emulator from tests.
public struct TmuxSession {
    public static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

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

    public let socket: String
    public let name = "call"

    /// Starts `command` (a shell command line) in a new session of `columns` x `rows`.
    public init(command: String, columns: Int, rows: Int) throws {
        socket = "kaamos-tui-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // The server forks from this client and would hold a pipe open forever: no output here.
        try run(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command], readOutput: false)
    }

    /// Runs tmux with `arguments` against this session's server and returns what it printed.
    /// posix_spawn and waitpid rather than Foundation's Process: the tmux server forks from the
    /// first client and keeps its descriptors, and Process' exit monitoring has been seen to hang
    /// under the test runner.
    @discardableResult
    public func run(_ arguments: [String], readOutput: Bool = true) throws -> String {
        let outputPath = readOutput ? NSTemporaryDirectory() + "kaamos-tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" : "/dev/null"
        defer { if readOutput { unlink(outputPath) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([Self.executable ?? "tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.executable ?? "/usr/bin/tmux", &actions, nil, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "tmux could not start (error \(spawned)).") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard readOutput else { return "" }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// The pane as text, or with colours as escape sequences (`-e`).
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    public func send(_ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    public func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Ends the session, which ends this private server (kill-server alone has been seen to leave
    /// it running).
    public func kill() {
        _ = try? run(["kill-session", "-t", name], readOutput: false)
        _ = try? run(["kill-server"], readOutput: false)
    }

    /// Polls the pane until `condition` holds for its text, for at most `timeout` seconds;
    /// returns the last capture either way.
    public func waitFor(timeout: Double = 10, escapes: Bool = false, _ condition: (String) -> Bool) throws -> (Bool, String) {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            text = try capture(escapes: escapes)
            if condition(text) { return (true, text) }
            usleep(50_000)
        }
        return (false, text)
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
