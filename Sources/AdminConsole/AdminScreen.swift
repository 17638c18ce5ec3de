import CNcurses
import CCursesShims
import Foundation
import TerminalSession

/// The terminal: the only code that calls curses. It sets the terminal up (raw keys, no echo,
/// hidden cursor, colours), draws frames the layout built (curses sends only the cells that
/// changed), reads keys, and puts the terminal back in `close()`.
public final class AdminScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private let curses: CursesSession
    private var attributes: [AdminFrame.Style: Int32] = [:]

    public init() throws(AdminScreenError) {
        do {
            // Raw keys: Ctrl-C reaches the key map as an interrupt, like any other key.
            curses = try CursesSession(keys: .raw)
        } catch {
            switch error {
            case .notATerminal: throw .notATerminal
            case .unknownTerminal: throw .setupFailed
            }
        }
        window = kaamos_curses_window().assumingMemoryBound(to: WINDOW.self)
        let bold = kaamos_admin_attr_bold(), reverse = kaamos_admin_attr_reverse(), dim = kaamos_admin_attr_dim()
        var pairs: [AdminFrame.Style: UInt32] = [:]
        if has_colors() {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_BLACK), Int16(COLOR_CYAN))   // title
            init_pair(2, Int16(COLOR_YELLOW), -1)                 // marked rows
            init_pair(3, Int16(COLOR_RED), -1)                    // errors
            init_pair(4, Int16(COLOR_GREEN), -1)                  // status
            init_pair(5, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)) // prompts
            pairs = [.title: kaamos_admin_color_pair(1), .marked: kaamos_admin_color_pair(2), .selectedMarked: kaamos_admin_color_pair(2),
                     .error: kaamos_admin_color_pair(3), .status: kaamos_admin_color_pair(4), .prompt: kaamos_admin_color_pair(5)]
        }
        let styles: [AdminFrame.Style: UInt32] = [
            .normal: 0, .title: pairs[.title] ?? reverse, .header: bold, .selected: reverse,
            .marked: (pairs[.marked] ?? 0) | bold, .selectedMarked: (pairs[.selectedMarked] ?? 0) | reverse | bold,
            .hint: dim, .prompt: pairs[.prompt] ?? reverse, .status: pairs[.status] ?? 0, .error: (pairs[.error] ?? 0) | bold,
        ]
        attributes = styles.mapValues { Int32(bitPattern: $0) }
    }

    deinit { close() }

    /// Rows and columns of the terminal now.
    public var size: (rows: Int, columns: Int) {
        (Int(getmaxy(window)), Int(getmaxx(window)))
    }

    public func draw(_ frame: AdminFrame) {
        for (row, line) in frame.lines.enumerated() {
            wattrset(window, attributes[line.style] ?? 0)
            // The bottom-right cell is left alone: writing it would scroll some terminals.
            let text = row == frame.rows - 1 ? String(line.text.dropLast()) : line.text
            _ = mvwaddstr(window, Int32(row), 0, text)
        }
        wattrset(window, 0)
        wnoutrefresh(window)
        doupdate()
    }

    /// The next key, or nil after `milliseconds` without one.
    public func readKey(timeoutMilliseconds milliseconds: Int32) -> AdminKey? {
        // SIGTERM or SIGHUP (the terminal went away) ends the console as Ctrl-C does.
        if curses.takeTermination() != nil { return .interrupt }
        wtimeout(window, milliseconds)
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE, KEY_DC: return .backspace
            case KEY_RESIZE: return .resize
            default: return nil
            }
        }
        guard result == OK else { return nil }
        switch code {
        case 3: return .interrupt
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        default: return UnicodeScalar(UInt32(code)).map { .character(Character($0)) }
        }
    }

    /// Puts the terminal back as it was; safe to call twice.
    public func close() { curses.stop() }
}

public enum AdminScreenError: Error, Sendable, CustomStringConvertible {
    case notATerminal
    case setupFailed

    public var description: String {
        switch self {
        case .notATerminal: return "The admin console needs a terminal on stdin and stdout; scripts can use rooms, participants, kick, mute and close."
        case .setupFailed: return "Cannot set up the terminal (is TERM set to a known terminal?)."
        }
    }
}
