import CSystemShims

/// What the terminal can show, guessed from the environment alone: querying the terminal could
/// block or leak replies into the input stream, and the caller must start drawing at once.
public struct TerminalCapabilities: Equatable, Sendable {
    public var colorMode: ColorMode
    public var supportsUnicode: Bool
    public var supportsSynchronizedOutput: Bool
    /// Cell width / height in pixels (0.5 when the terminal does not report pixels).
    public var cellPixelAspect: Double

    public init(colorMode: ColorMode, supportsUnicode: Bool, supportsSynchronizedOutput: Bool,
                cellPixelAspect: Double) {
        self.colorMode = colorMode
        self.supportsUnicode = supportsUnicode
        self.supportsSynchronizedOutput = supportsSynchronizedOutput
        self.cellPixelAspect = cellPixelAspect
    }

    /// The blitter that suits these capabilities: half blocks when Unicode works, ASCII otherwise.
    public var recommendedBlitter: Blitter { supportsUnicode ? .halfBlock : .ascii }

    /// Reads COLORTERM, TERM, TMUX, NO_COLOR and the locale (LC_ALL, then LC_CTYPE, then LANG).
    public static func detect(environment: [String: String], windowSize: WindowSize?) -> TerminalCapabilities {
        let term = (environment["TERM"] ?? "").lowercased()
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        let isDumb = term.isEmpty || term == "dumb"
        // The Linux console and the old DEC models neither show 24-bit colour nor know mode 2026.
        let isLegacy = term == "linux" || term.hasPrefix("vt1") || term.hasPrefix("vt2") || term == "ansi"

        let colorMode: ColorMode
        if isDumb || environment["NO_COLOR"].map({ !$0.isEmpty }) == true {
            // NO_COLOR (no-color.org) asks programs not to colour their output by default.
            colorMode = .monochrome
        } else if term == "linux" {
            // The Linux console maps every colour onto its 16 anyway; a COLORTERM there was
            // most likely inherited from somewhere else.
            colorMode = .palette16
        } else if colorTerm == "truecolor" || colorTerm == "24bit" || term.hasSuffix("-direct") {
            colorMode = .truecolor
        } else if term.contains("256color") {
            colorMode = .palette256
        } else if environment["TMUX"] != nil && (term.hasPrefix("screen") || term.hasPrefix("tmux")) {
            // tmux always handles the 256-colour palette itself, whatever its TERM says.
            colorMode = .palette256
        } else if term.hasPrefix("vt1") || term.hasPrefix("vt2") {
            colorMode = .monochrome
        } else {
            // xterm, screen, tmux, linux, ansi, rxvt...: the 16 basic colours are safe everywhere.
            colorMode = .palette16
        }

        // Terminals that do not know DEC mode 2026 ignore it, so it is only left out where the
        // terminal is too simple to be worth the bytes.
        let supportsSynchronizedOutput = !isDumb && !isLegacy

        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let normalized = String(locale.lowercased().filter { $0 != "-" })
        let supportsUnicode = !isDumb && normalized.contains("utf8")

        return TerminalCapabilities(colorMode: colorMode, supportsUnicode: supportsUnicode,
                                    supportsSynchronizedOutput: supportsSynchronizedOutput,
                                    cellPixelAspect: windowSize?.cellPixelAspect ?? 0.5)
    }

    /// The size of the terminal on `fd` (TIOCGWINSZ), or nil when `fd` is not a terminal or reports
    /// no cells.
    public static func currentWindowSize(fd: Int32) -> WindowSize? {
        var size = kaamos_winsize()
        guard kaamos_get_winsize(fd, &size) == 0, size.rows > 0, size.columns > 0 else { return nil }
        return WindowSize(rows: Int(size.rows), columns: Int(size.columns),
                          xpixel: Int(size.xpixel), ypixel: Int(size.ypixel))
    }
}
