import MediaIO

/// The preview's frame loop: wait for the next tick (or a key, a signal, a resize), take the
/// source's frame, render it into cells, diff against what the screen shows and write the changes
/// with the status line below. All time and I/O go through the `PreviewScreen`, so a test runs the
/// loop against a virtual clock and an in-memory terminal.
public struct PreviewLoop {
    public private(set) var settings: PreviewSettings
    /// Whether the status line mentions the q key (only when keys are read).
    public var showsQuitHint: Bool
    private let renderer = VideoRenderer()
    private var writer = TerminalDiffWriter()
    private var status = PreviewStatusLine()
    private var shownStatus: String?

    public init(settings: PreviewSettings, showsQuitHint: Bool = false) {
        self.settings = settings
        self.showsQuitHint = showsQuitHint
    }

    /// Runs until the frame limit, the end of the source, q or a signal. Source and output errors
    /// are thrown; the caller restores the terminal either way.
    public mutating func run(source: PreviewFrameSource, screen: PreviewScreen) throws(PreviewError) -> PreviewReport {
        var bytesWritten = 0
        func write(_ bytes: [UInt8]) throws(PreviewError) {
            guard !bytes.isEmpty else { return }
            try screen.write(bytes)
            bytesWritten += bytes.count
        }
        try write(Self.clearScreen)
        let sourceRate = source.framesPerSecond
        let rate = settings.framesPerSecond ?? (sourceRate.isFinite && sourceRate >= 1 ? min(sourceRate, PreviewSettings.maximumFramesPerSecond) : 30)
        var pacer = FrameSchedule(framesPerSecond: rate, originMicros: screen.nowMicros)
        var framesDrawn = 0
        func report(_ outcome: PreviewReport.Outcome) -> PreviewReport {
            PreviewReport(outcome: outcome, framesDrawn: framesDrawn, bytesWritten: bytesWritten, skippedTicks: pacer.skippedTicks)
        }

        while true {
            waiting: while true {
                switch screen.waitForEvent(untilMicros: pacer.deadlineMicros) {
                case .deadline:
                    break waiting
                case let .key(key):
                    if key == UInt8(ascii: "q") || key == UInt8(ascii: "Q") { return report(.quit) }
                case let .signal(number):
                    return report(.interrupted(signal: number))
                case let .resized(size):
                    if resize(to: size) { try write(Self.clearScreen) }
                }
            }
            switch try source.frame(tick: pacer.tick, ticksPerSecond: rate) {
            case .ended:
                return report(.sourceEnded)
            case .unchanged:
                break
            case let .picture(frame):
                try write(draw(frame, source: source, now: screen.nowMicros))
                framesDrawn += 1
                if let limit = settings.frameLimit, framesDrawn >= limit { return report(.frameLimitReached) }
            }
            pacer.advance(now: screen.nowMicros)
        }
    }

    /// The bytes of one frame: the changed picture cells, then the status line when its text changed,
    /// together inside one synchronized update.
    mutating func draw(_ frame: I420Frame, source: PreviewFrameSource, now: Int64) -> [UInt8] {
        let columns = settings.columns, rows = settings.rows
        let grid = renderer.render(frame, columns: columns, rows: rows - 1, cellPixelAspect: settings.cellPixelAspect,
                                   blitter: settings.blitter, colorMode: settings.colorMode)
        let picture = writer.frame(to: grid, screenColumns: columns, screenRows: rows, synchronizedOutput: false)
        status.record(frameAtMicros: now, bytes: picture.count)
        let text = status.text(source: source.label, frameWidth: frame.width, frameHeight: frame.height,
                               columns: columns, pictureRows: rows - 1, renderer: settings.rendererName,
                               color: settings.colorName, quitHint: showsQuitHint, width: columns - 1)
        var bytes: [UInt8] = []
        if settings.synchronizedOutput { bytes += Self.beginSynchronized }
        bytes += picture
        if text != shownStatus {
            shownStatus = text
            bytes += Self.statusLineBytes(text, row: rows, width: columns - 1)
        }
        if settings.synchronizedOutput {
            guard bytes.count > Self.beginSynchronized.count else { return [] }
            bytes += Self.endSynchronized
        }
        return bytes
    }

    /// Adopts a new terminal size when the size follows the terminal; true when the screen must be
    /// cleared and redrawn.
    mutating func resize(to size: WindowSize?) -> Bool {
        guard settings.sizeFollowsTerminal, let size,
              (PreviewSettings.minimumColumns...PreviewSettings.maximumColumns).contains(size.columns),
              (PreviewSettings.minimumRows...PreviewSettings.maximumRows).contains(size.rows),
              size.columns != settings.columns || size.rows != settings.rows
        else { return false }
        settings.columns = size.columns
        settings.rows = size.rows
        if let aspect = size.cellPixelAspect { settings.cellPixelAspect = aspect }
        writer.invalidate()
        shownStatus = nil
        return true
    }

    /// Cursor to the status row, default colours, the text padded to `width` (never the last column,
    /// which could scroll the screen).
    static func statusLineBytes(_ text: String, row: Int, width: Int) -> [UInt8] {
        var bytes = Array("\u{1B}[\(row);1H\u{1B}[0m".utf8)
        bytes += Array(text.utf8)
        let padding = width - text.unicodeScalars.count
        if padding > 0 { bytes += [UInt8](repeating: 0x20, count: padding) }
        return bytes
    }

    /// Default colours, cursor home, erase the screen.
    static let clearScreen: [UInt8] = Array("\u{1B}[0m\u{1B}[H\u{1B}[2J".utf8)
    static let beginSynchronized: [UInt8] = Array("\u{1B}[?2026h".utf8)
    static let endSynchronized: [UInt8] = Array("\u{1B}[?2026l".utf8)
}
