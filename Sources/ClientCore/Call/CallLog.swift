import Foundation

/// The call's log: one timestamped line per event, appended to a file (`--log-file`), never to the
/// screen. A log that cannot be opened is reported once as a notice and the call goes on.
public final class CallLog: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()
    public let openError: String?

    public init(path: String?) {
        guard let path else {
            handle = nil
            openError = nil
            return
        }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            self.handle = handle
            openError = nil
        } else {
            handle = nil
            openError = "Cannot write the log file \(path); logging is off."
        }
    }

    public func write(_ message: String) {
        guard let handle else { return }
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(message)\n"
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }
}
