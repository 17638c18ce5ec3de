import Foundation
import MediaIO

/// The kaamos-tui executable `swift test` built next to this test bundle, run as a user would.
enum KaamosBinary {
    /// Same directory as the test bundle (…/debug/kaamos-tuiPackageTests.xctest).
    static let path: String = {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("kaamos-tui").path
    }()

    /// The environment of a truecolour UTF-8 terminal, whatever the test runner's is.
    static let terminalEnvironment = ["TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8",
                                      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    struct Run {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var seconds: Double
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    }

    /// The program while it runs, for `whileRunning`: its process, and what it has written to
    /// stdout so far (when stdout is the file, not a handle passed in).
    struct Running {
        let process: Process
        let outputPath: String
        var output: [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: outputPath)))) ?? [] }
    }

    /// Runs the binary with stdout to a file (escape streams are large) and stderr to a pipe.
    /// `stdoutHandle` replaces the file (a pseudo-terminal); `whileRunning` gets the program once started.
    static func run(_ arguments: [String], environment: [String: String] = terminalEnvironment,
                    stdinHandle: FileHandle? = nil, stdoutHandle: FileHandle? = nil,
                    whileRunning: ((Running) -> Void)? = nil) throws -> Run {
        let directory = NSTemporaryDirectory() + "kaamos-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outputPath = directory + "/out.bin", errorPath = directory + "/err.txt"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = stdinHandle ?? FileHandle.nullDevice
        process.standardOutput = stdoutHandle ?? output
        process.standardError = errors
        let start = Date()
        try process.run()
        whileRunning?(Running(process: process, outputPath: outputPath))
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try output.close()
        try errors.close()
        return Run(status: process.terminationStatus,
                   stdout: [UInt8](try Data(contentsOf: URL(fileURLWithPath: outputPath))),
                   stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errorPath)), as: UTF8.self),
                   seconds: seconds)
    }
}

/// The escape stream cut at the end of each synchronized update, replayed frame by frame.
func replayFrames(_ stream: [UInt8], columns: Int, rows: Int) -> (terminal: TerminalEmulator, frames: [CellGrid]) {
    var terminal = TerminalEmulator(columns: columns, rows: rows)
    var frames: [CellGrid] = []
    let end = Array("\u{1B}[?2026l".utf8)
    var start = 0, index = 0
    while index + end.count <= stream.count {
        if stream[index] == 0x1B, Array(stream[index..<index + end.count]) == end {
            terminal.feed(stream[start..<index + end.count])
            frames.append(terminal.screen)
            start = index + end.count
            index = start
        } else {
            index += 1
        }
    }
    terminal.feed(stream[start...])
    return (terminal, frames)
}

func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let bytes = Array(needle.utf8)
    guard bytes.count <= haystack.count else { return false }
    for start in 0...(haystack.count - bytes.count) where haystack[start] == bytes[0] {
        if Array(haystack[start..<start + bytes.count]) == bytes { return true }
    }
    return false
}

extension Array where Element == UInt8 {
    /// How many times `pattern` occurs, not overlapping.
    func occurrences(of pattern: [UInt8]) -> Int { ranges(of: pattern).count }
}
