import Glibc
import MediaIO

/// `kaamos-tui preview` from a request to an exit status: validates the options against the
/// terminal, opens the source (before touching the terminal, so opening errors print on a normal
/// screen), runs the loop and restores the terminal however it ends.
public enum PreviewRunner {
    public struct Result: Sendable, Equatable {
        public var exitStatus: Int32
        /// One sentence for standard error, nil on success.
        public var message: String?
        public var report: PreviewReport?
    }

    public static func run(_ request: PreviewRequest, environment: [String: String]) -> Result {
        let outputIsTerminal = TerminalScreen.isTerminal(STDOUT_FILENO)
        let settings: PreviewSettings
        let source: PreviewFrameSource
        do {
            settings = try request.settings(environment: environment,
                                            windowSize: TerminalCapabilities.currentWindowSize(fd: STDOUT_FILENO),
                                            outputIsTerminal: outputIsTerminal)
            source = try openSource(settings.source)
        } catch {
            return Result(exitStatus: error.exitStatus, message: error.description)
        }
        defer { source.close() }

        let screen = TerminalScreen()
        defer { screen.restore() }
        do {
            try screen.setUp()
            var loop = PreviewLoop(settings: settings, showsQuitHint: screen.readsKeys)
            let report = try loop.run(source: source, screen: screen)
            screen.restore()
            return Result(exitStatus: report.exitStatus, message: nil, report: report)
        } catch {
            screen.restore()
            return Result(exitStatus: error.exitStatus, message: error.description)
        }
    }

    /// Opens the chosen source; every failure is a `PreviewError` sentence.
    public static func openSource(_ choice: PreviewSourceChoice) throws(PreviewError) -> PreviewFrameSource {
        switch choice {
        case .testPattern: TestPatternFeed()
        case let .file(path): try Y4MFileFeed(path: path)
        case let .camera(path, isDefault): try CameraFeed(path: path, isDefault: isDefault)
        }
    }
}
