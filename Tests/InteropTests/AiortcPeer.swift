import Foundation
import KaamosTestSupport

/// The aiortc peer (Tests/InteropTests/Peers/aiortc_peer.py) in its own process, spoken to in JSON
/// lines over its standard input and output.
final class AiortcPeer: Sendable {
    struct Report: Sendable {
        var connection = "new"
        var audioFrames = 0
        var videoFrames = 0
        var videoWidth = 0
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python.path) }

    private let process: Process
    private let input: FileHandle
    private let state = Locked<(report: Report, descriptions: [(type: String, sdp: String)], log: [String])>((Report(), [], []))

    init(role: String, duration: Int = 30) throws {
        process = Process()
        process.executableURL = Self.python
        process.arguments = [Self.repositoryRoot.appendingPathComponent("Tests/InteropTests/Peers/aiortc_peer.py").path,
                             "--role", role, "--duration", String(duration)]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        try process.run()
        let state = self.state as Locked
        Thread.detachNewThread {
            var buffer = Data()
            let handle = stdout.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[(newline + 1)...])
                    guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                          let type = object["type"] as? String else { continue }
                    state.withLock { state in
                        switch type {
                        case "offer", "answer":
                            state.descriptions.append((type, object["sdp"] as? String ?? ""))
                        case "stats", "done":
                            state.report.connection = object["connection"] as? String ?? state.report.connection
                            state.report.audioFrames = object["audio_frames"] as? Int ?? 0
                            state.report.videoFrames = object["video_frames"] as? Int ?? 0
                            state.report.videoWidth = object["video_width"] as? Int ?? 0
                        default:
                            state.log.append(String(decoding: line, as: UTF8.self))
                        }
                    }
                }
            }
        }
        Thread.detachNewThread {
            let handle = stderr.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                let text = String(decoding: chunk, as: UTF8.self)
                state.withLock { $0.log.append(text) }
            }
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    func send(_ message: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: message) else { return }
        try? input.write(contentsOf: data + [0x0A])
    }

    var report: Report { state.withLock { $0.report } }
    var log: String { state.withLock { $0.log.joined(separator: "\n") } }

    /// Waits for the peer's offer or answer.
    func description(timeout: Duration) async throws -> (type: String, sdp: String)? {
        _ = await eventually(timeout: timeout) { state.withLock { !$0.descriptions.isEmpty } }
        return state.withLock { $0.descriptions.first }
    }

    func stop() {
        send(["type": "quit"])
        try? input.close()
    }
}
