import CCursesShims
import CSystemShims
import Glibc

/// Curses on the controlling terminal for one screen (the call view, the admin console): started
/// with the signal flags and the crash restore in place, stopped exactly once. The one place that
/// starts and ends curses.
public final class CursesSession {
    /// How keys arrive: `.lineDiscipline` keeps Ctrl-C a signal (cbreak); `.raw` makes it a key.
    public enum Keys: Sendable {
        case lineDiscipline
        case raw
    }

    public enum StartError: Error, Sendable, Equatable {
        case notATerminal
        /// Curses does not know the terminal; `term` is `$TERM`.
        case unknownTerminal(term: String)
    }

    private var running = false

    /// Starts curses; throws when stdin or stdout is not a terminal or curses does not know it.
    public init(keys: Keys) throws(StartError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        // Curses watches SIGWINCH itself and reports it as KEY_RESIZE.
        TerminalSignals.install(windowSize: false)
        kaamos_terminal_restore_on_crash()
        guard kaamos_curses_start(keys == .raw ? 1 : 0) == 0 else {
            kaamos_terminal_forget_crash_restore()
            TerminalSignals.uninstall()
            throw .unknownTerminal(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        running = true
    }

    deinit { stop() }

    /// Ends curses and puts the terminal and the signal dispositions back; safe to call twice.
    public func stop() {
        guard running else { return }
        running = false
        kaamos_curses_stop()
        kaamos_terminal_forget_crash_restore()
        TerminalSignals.uninstall()
    }

    /// A SIGINT, SIGTERM or SIGHUP arrived since the last call: the screen should end.
    public func takeTermination() -> Int32? { TerminalSignals.takeTermination() }
}
