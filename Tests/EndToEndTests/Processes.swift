import Foundation
import KaamosTestSupport

/// Paths and process helpers for tests that run the built executables, on KaamosTestSupport's
/// ChildProcess (posix_spawn with a clean signal mask).
enum Processes {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary(_ name: String) -> String? {
        for configuration in ["debug", "release"] {
            let path = root.appendingPathComponent(".build/\(configuration)/\(name)").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program to completion (killed after two minutes) and returns its status and its
    /// stdout and stderr together.
    @discardableResult
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "kaamos-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(outputPath) }
        let child: ChildProcess
        do {
            child = try ChildProcess(arguments, outputPath: outputPath)
        } catch {
            return (-1, "\(error)")
        }
        guard let status = child.wait(timeout: 120) else {
            child.stop()
            return (-1, "\(arguments.joined(separator: " ")) did not finish in 120 s\n\(child.output)")
        }
        return (status, child.output)
    }

    /// A free loopback port (bound and released; good enough for a test).
    static func freePort() -> Int { Int((try? FreePort.forUDPAndTCP()) ?? 0) }
}

/// A process started in the background and stopped (SIGTERM: a clean shutdown) when the test ends.
final class BackgroundProcess {
    private let child: ChildProcess
    let log: String

    init(_ arguments: [String], name: String) throws {
        log = NSTemporaryDirectory() + "kaamos-e2e-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        child = try ChildProcess(arguments, outputPath: log)
    }

    var pid: pid_t { child.pid }
    var output: String { child.output }

    func stop() { child.stop() }
}
