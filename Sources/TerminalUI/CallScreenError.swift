/// Why the call view could not start; each reads as one sentence for the user.
public enum CallScreenError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case cursesFailed(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            "The call view needs a terminal, but standard input or output is not one."
        case .cursesFailed(let term):
            "Curses could not start on this terminal (TERM=\(term.isEmpty ? "unset" : term)); set TERM to a known type such as xterm-256color."
        }
    }
}
