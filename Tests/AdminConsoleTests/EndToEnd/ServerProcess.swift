import Foundation

/// A real `kaamos-server` on 127.0.0.1 with a system-chosen port, signaling only, admin token "T".
final class ServerProcess: @unchecked Sendable {
    static let adminToken = "T"
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        process.executableURL = URL(fileURLWithPath: BuiltProducts.server)
        process.arguments = ["--host", "127.0.0.1", "--port", "0", "--admin-token", Self.adminToken, "--no-media", "--log-level", "info"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The server logs "... listening on 127.0.0.1:PORT" once it accepts connections.
        var text = ""
        var found: Int?
        let deadline = Date().addingTimeInterval(20)
        while found == nil, Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"listening on 127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
            }
        }
        guard let found else {
            process.terminate()
            throw ServerStartFailure(log: text)
        }
        port = found
        // Keep draining its log so the server never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

struct ServerStartFailure: Error, CustomStringConvertible {
    let log: String
    var description: String { "kaamos-server did not report its port: \(log)" }
}

/// What one run of `kaamos-tui` printed and how it ended.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `kaamos-tui` with stdin from /dev/null and a clean environment (no config file).
func runClient(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuiltProducts.client)
    process.arguments = arguments
    var environment = ["PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": "/nonexistent-kaamos-test", "HOME": "/nonexistent-kaamos-test"]
    environment.merge(extra) { $1 }
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                         errors: String(decoding: errorData, as: UTF8.self))
}

/// A TCP port nothing listens on: bound, read, released.
func unusedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
