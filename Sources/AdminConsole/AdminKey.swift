/// A key as the screen reads it, before it means anything.
public enum AdminKey: Sendable, Equatable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab
    case resize
    /// Ctrl-C, read as a key because the terminal is in raw mode.
    case interrupt
}
