/// One key as the screen read it, before it means anything.
public enum KeyInput: Sendable, Equatable {
    /// A character (including control characters such as Esc 0x1B, Enter 0x0A/0x0D, DEL 0x7F).
    case character(Unicode.Scalar)
    case resize
    case backspace
    case enter
    /// A function key the view does not use.
    case other(Int)
}
