import CCursesShims
import MediaIO
import TerminalSession
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The call view on the real terminal: the only code that calls curses.
///
/// Each `render` paints the chrome in memory (`CallViewPainter`), copies it into curses and
/// refreshes, then writes the video pictures straight to the terminal (`VideoCompositor`), all
/// inside one synchronized-output block. Curses keeps the video areas blank in its picture of the
/// screen; whenever a video area shrinks or moves (resize, overlay, layout) curses repaints the
/// whole screen and the video is redrawn in full, so the two never disagree for long.
public final class CallScreen {
    public let capabilities: TerminalCapabilities
    /// How long the last `render` blocked writing to the terminal (curses' refresh plus video).
    public private(set) var lastWriteDuration: Duration = .zero

    private let painter: CallViewPainter
    private var compositor = VideoCompositor()
    private var keyMap = CallKeyMap()
    private let output = TerminalOutput(fd: STDOUT_FILENO)
    private var lastVideoParts: [String: [CellRect]] = [:]
    private var lastColumns = -1
    private var lastRows = -1
    private var needsRepaint = true
    private var colorPairs = 0
    private var curses: CursesSession?

    /// Starts curses on the controlling terminal; throws when stdin or stdout is not a terminal or
    /// curses does not know the terminal.
    public init(capabilities: TerminalCapabilities) throws {
        self.capabilities = capabilities
        painter = CallViewPainter(unicode: capabilities.supportsUnicode)
        do {
            curses = try CursesSession(keys: .lineDiscipline)
        } catch {
            switch error {
            case .notATerminal: throw CallScreenError.notATerminal
            case let .unknownTerminal(term): throw CallScreenError.cursesFailed(term: term)
            }
        }
        if capabilities.colorMode != .monochrome {
            colorPairs = Int(kaamos_curses_start_colors())
            if colorPairs > 0 { definePairs() }
        }
    }

    deinit { close() }

    /// Restores the terminal (endwin); safe to call more than once.
    public func close() {
        guard let curses else { return }
        self.curses = nil
        // Leave no synchronized-output block or colour open behind us.
        output.write(Array("\u{1B}[?2026l\u{1B}[0m".utf8))
        curses.stop()
    }

    /// The size curses draws on.
    public var size: (columns: Int, rows: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        kaamos_curses_size(&rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Draws `model`, the latest frame of each tile (keyed by tile id) and the self-view.
    public func render(_ model: CallViewModel, video: [String: I420Frame], selfView: I420Frame?) {
        guard curses != nil else { return }
        keyMap.chatOpen = model.showChat
        let (columns, rows) = size
        if columns != lastColumns || rows != lastRows {
            lastColumns = columns
            lastRows = rows
            needsRepaint = true
        }
        let blitter = Self.effectiveBlitter(model.blitter, colorMode: model.colorMode,
                                            unicode: capabilities.supportsUnicode)
        let aspect = capabilities.cellPixelAspect
        let extra = ["renderer \(RendererChoice.name(of: blitter)), colour \(RendererChoice.name(of: model.colorMode))",
                     "terminal write \(CallViewPainter.format(Self.milliseconds(lastWriteDuration), digits: 1)) ms"]
        let picture = painter.paint(model, columns: columns, rows: rows, videoAvailable: Set(video.keys),
                                    selfViewAvailable: selfView != nil, chatDraft: keyMap.draft,
                                    extraStats: model.showStats ? extra : [], cellPixelAspect: aspect)

        // Any change in where video shows means curses' blank areas and the screen may disagree.
        var parts: [String: [CellRect]] = [:]
        for region in picture.video { parts[region.id] = region.visibleParts }
        if parts != lastVideoParts {
            lastVideoParts = parts
            needsRepaint = true
        }
        if needsRepaint {
            kaamos_curses_force_repaint()
            compositor.invalidate()
            needsRepaint = false
        }

        copyIntoCurses(picture.canvas)
        let clock = ContinuousClock()
        let start = clock.now
        if capabilities.supportsSynchronizedOutput { output.write(Array("\u{1B}[?2026h".utf8)) }
        _ = kaamos_curses_refresh()
        var frames = video
        if let selfView { frames[VideoRegion.selfViewID] = selfView }
        var bytes = compositor.compose(picture.video, frames: frames, blitter: blitter, colorMode: model.colorMode,
                                       cellPixelAspect: aspect, screenColumns: columns, screenRows: rows)
        let movedCursor = !bytes.isEmpty
        if movedCursor {
            // Curses moves the cursor relative to where it believes it is: leave it at a known
            // cell, with plain attributes, and tell curses.
            bytes += Array("\u{1B}[0m\u{1B}[H".utf8)
        }
        if capabilities.supportsSynchronizedOutput { bytes += Array("\u{1B}[?2026l".utf8) }
        output.write(bytes)
        if movedCursor { kaamos_curses_cursor_was_homed() }
        lastWriteDuration = clock.now - start
    }

    /// The next key's intent, or nil when no key is waiting. Never blocks. A caught SIGINT,
    /// SIGTERM or SIGHUP reads as `.leave`.
    public func nextIntent() -> CallIntent? {
        guard curses != nil else { return nil }
        if curses?.takeTermination() != nil { return .leave }
        while true {
            var code: UInt32 = 0
            let kind = kaamos_curses_read_key(&code)
            guard kind != 0 else { return nil }
            let key: KeyInput
            if kind == 2 {
                switch Int32(bitPattern: code) {
                case kaamos_curses_key_resize(): key = .resize
                case kaamos_curses_key_backspace(): key = .backspace
                case kaamos_curses_key_enter(): key = .enter
                default: key = .other(Int(code))
                }
            } else if let scalar = Unicode.Scalar(code) {
                key = .character(scalar)
            } else {
                continue
            }
            if key == .resize { needsRepaint = true }
            if let intent = keyMap.intent(for: key) { return intent }
            // Chat typing changes the draft without an intent; show it on the next render.
        }
    }

    /// What is being typed into the chat.
    public var chatDraft: String { keyMap.draft }

    /// The blitter actually drawn: ASCII without Unicode.
    static func effectiveBlitter(_ blitter: Blitter, colorMode: ColorMode, unicode: Bool) -> Blitter {
        unicode ? blitter : .ascii
    }

    // MARK: - Curses

    private func copyIntoCurses(_ canvas: ChromeCanvas) {
        for row in 0..<canvas.rows {
            for column in 0..<canvas.columns {
                let cell = canvas[column, row]
                let (pair, flags) = look(cell.style)
                kaamos_curses_put(Int32(row), Int32(column), cell.character.value, pair, flags)
            }
        }
    }

    private static let styles: [ChromeStyle] = ChromeStyle.allCases

    /// Colour pair numbers follow `ChromeStyle.allCases`, starting at 1.
    private func definePairs() {
        let black: Int32 = 0, red: Int32 = 1, green: Int32 = 2, yellow: Int32 = 3, blue: Int32 = 4, cyan: Int32 = 6,
            white: Int32 = 7, defaultColor: Int32 = -1
        for (index, style) in Self.styles.enumerated() {
            let colors: (Int32, Int32)
            switch style {
            case .normal, .title, .dim: colors = (defaultColor, defaultColor)
            case .border: colors = (blue, defaultColor)
            case .speakingBorder, .good: colors = (green, defaultColor)
            case .bad: colors = (red, defaultColor)
            case .warning: colors = (black, yellow)
            case .statusBar: colors = (white, blue)
            case .statusGood: colors = (green, blue)
            case .statusBad: colors = (yellow, blue)
            case .overlay: colors = (white, black)
            case .overlayTitle: colors = (cyan, black)
            case .input: colors = (black, cyan)
            }
            _ = kaamos_curses_define_pair(Int32(index + 1), colors.0, colors.1)
        }
    }

    private func look(_ style: ChromeStyle) -> (pair: Int32, flags: Int32) {
        let bold = Int32(KAAMOS_CURSES_BOLD), reverse = Int32(KAAMOS_CURSES_REVERSE),
            dim = Int32(KAAMOS_CURSES_DIM)
        var flags: Int32 = 0
        switch style {
        case .title, .speakingBorder, .overlayTitle, .statusGood, .statusBad, .warning: flags = bold
        case .dim: flags = dim
        default: break
        }
        guard colorPairs > Self.styles.count else {
            // No colours: attributes alone tell the parts apart.
            switch style {
            case .statusBar, .statusGood, .statusBad, .warning, .input: flags |= reverse
            case .bad: flags |= bold
            default: break
            }
            return (0, flags)
        }
        let index = Self.styles.firstIndex(of: style) ?? 0
        return (Int32(index + 1), flags)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
