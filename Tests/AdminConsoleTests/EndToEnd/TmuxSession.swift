import Foundation

/// A detached tmux session on a private socket, so tests can type into a full-screen program and
/// read what it shows. Only this session's own tmux server is ever stopped.
final class TmuxSession {
    static let executable = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { executable != nil }

    let socket = "kaamos-admin-test-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"

    init(command: String, columns: Int = 110, rows: Int = 24) throws {
        try tmux(["new-session", "-d", "-s", "t", "-x", String(columns), "-y", String(rows), command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// The visible screen as text.
    func capture() -> String {
        (try? tmux(["capture-pane", "-p", "-t", "t"])) ?? ""
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

    /// Polls the screen every 20 ms until `condition` holds; returns how long it took, or nil on timeout.
    @discardableResult
    func wait(timeout: TimeInterval = 10, until condition: (String) -> Bool) -> TimeInterval? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if condition(capture()) { return Date().timeIntervalSince(start) }
            usleep(20_000)
        }
        return nil
    }

    /// Runs tmux with posix_spawn and waitpid. Foundation's Process is not used here: it learns
    /// that a child ended when an inherited socket closes, and the tmux server that `new-session`
    /// forks keeps that socket open, so waitUntilExit would never return.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let argv = [Self.executable ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TmuxFailure(arguments: arguments) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // Children inherit the signal mask, and the test runner's threads block some signals: start
        // tmux (and so the program under test) with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw TmuxFailure(arguments: arguments)
        }
        // Read until the pipe closes or the client is gone (the forked server may keep the pipe open).
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var status: Int32 = 0
        let flags = fcntl(fds[0], F_GETFL)
        _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
                continue
            }
            if count == 0 { break }
            if waitpid(pid, &status, WNOHANG) == pid {
                // Drain what is left, then stop.
                while case let count = read(fds[0], &buffer, buffer.count), count > 0 { output.append(contentsOf: buffer[0..<count]) }
                pid = 0
                break
            }
            usleep(2_000)
        }
        close(fds[0])
        if pid != 0 { waitpid(pid, &status, 0) }
        return String(decoding: output, as: UTF8.self)
    }
}

struct TmuxFailure: Error, CustomStringConvertible {
    let arguments: [String]
    var description: String { "tmux \(arguments.joined(separator: " ")) could not be started" }
}
