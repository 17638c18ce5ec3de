import MediaIO

/// Why `kaamos-tui preview` cannot start or had to stop; `description` is the one sentence the user
/// sees on standard error.
public enum PreviewError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A flag or value that makes no sense (exit status 64, like other usage errors).
    case invalidOption(String)
    /// The terminal reports a size the preview cannot draw in.
    case terminalTooSmall(columns: Int, rows: Int)
    /// The camera asked for (or the default one) cannot be used.
    case cameraUnavailable(VideoDeviceError, isDefault: Bool)
    /// The camera stopped delivering frames while the preview ran (unplugged).
    case cameraFailed(VideoDeviceError)
    /// The Y4M file is missing, malformed or truncated.
    case file(MediaFileError)
    /// The Y4M file holds a header but no frame.
    case emptyFile(path: String)
    /// Standard output could not be written (closed pipe, full disk).
    case output(reason: String)

    public var description: String {
        switch self {
        case let .invalidOption(sentence):
            sentence
        case let .terminalTooSmall(columns, rows):
            "the terminal is \(columns)x\(rows) cells, too small for the preview (at least \(PreviewSettings.minimumColumns)x\(PreviewSettings.minimumRows)); resize it or pass --size WxH"
        case let .cameraUnavailable(error, isDefault):
            isDefault
                ? "no camera to preview (\(error)); pass --test-pattern to check the terminal without one"
                : "\(error)"
        case let .cameraFailed(error):
            "the camera stopped: \(error)"
        case let .file(error):
            "\(error)"
        case let .emptyFile(path):
            "\(path): the file holds no video frame"
        case let .output(reason):
            "cannot write to standard output: \(reason)"
        }
    }

    /// 64 for bad usage (as for unknown options), 1 for everything else.
    public var exitStatus: Int32 {
        if case .invalidOption = self { return 64 }
        return 1
    }
}
