import Foundation

/// Paths and process helpers for tests that run the built executables.
enum Processes {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary(_ name: String) -> String? {
        for configuration in ["debug", "release"] {
            let path = root.appendingPathComponent(".build/\(configuration)/\(name)").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program to completion and returns its status and output (stdout and stderr).
    /// posix_spawn with a clean signal mask and waitpid, not Foundation's Process: under the test
    /// runner children inherit blocked signals and Process' exit monitoring has been seen to hang.
    @discardableResult
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "kaamos-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(outputPath) }
        guard let pid = spawn(arguments, outputPath: outputPath) else { return (-1, "cannot start \(arguments[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }

    /// Starts a program with stdin from /dev/null and both outputs to `outputPath`.
    static func spawn(_ arguments: [String], outputPath: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ) == 0 else { return nil }
        return pid
    }

    /// A free TCP port on loopback (bound and released; good enough for a test).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A process started in the background and stopped when the test ends.
final class BackgroundProcess {
    let pid: pid_t
    let log: String

    init(_ arguments: [String], name: String) throws {
        log = NSTemporaryDirectory() + "kaamos-e2e-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        guard let pid = Processes.spawn(arguments, outputPath: log) else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: arguments[0]])
        }
        self.pid = pid
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// SIGINT (a clean shutdown), then SIGKILL after 3 s; reaps the child.
    func stop() {
        guard kill(pid, 0) == 0 else { return }
        kill(pid, SIGINT)
        for _ in 0..<30 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    deinit { stop() }
}
