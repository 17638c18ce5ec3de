import Foundation

/// A program started with posix_spawn, a clean signal mask and its output in files: not Foundation's
/// Process, whose exit monitoring has been seen to hang under the test runner, and whose children
/// inherit the runner's blocked signals.
public final class ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let pid: pid_t
    public let arguments: [String]
    /// Where stdout goes (and stderr, unless `errorPath` differs).
    public let outputPath: String
    public let errorPath: String
    private var exitStatus: Int32?

    /// Starts `arguments[0]` (searched in PATH) with stdin from /dev/null.
    public init(_ arguments: [String], outputPath: String, errorPath: String? = nil) throws {
        self.arguments = arguments
        self.outputPath = outputPath
        self.errorPath = errorPath ?? outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let errorPath, errorPath != outputPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else { throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    deinit { stop() }

    /// The exit status (128 + signal when killed), or nil when still running after `timeout` seconds.
    public func wait(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            if reaped < 0, errno != EINTR { return nil }
            if Date() >= deadline { return nil }
            usleep(10_000)
        }
    }

    public var isRunning: Bool { exitStatus == nil && wait(timeout: 0) == nil }

    /// SIGTERM, then SIGKILL after 3 s; reaps the child. Safe to call more than once.
    public func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if wait(timeout: 3) == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    public var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Runs a program to completion (killed after `timeout` seconds) with stdout and stderr apart.
    public static func run(_ arguments: [String], timeout: Double = 60) throws -> Result {
        let base = NSTemporaryDirectory() + "kaamos-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let child = try ChildProcess(arguments, outputPath: base + ".out", errorPath: base + ".err")
        guard let status = child.wait(timeout: timeout) else {
            child.stop()
            throw Failure(description: "\(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        return Result(status: status, stdout: child.output, stderr: child.errorOutput)
    }
}
