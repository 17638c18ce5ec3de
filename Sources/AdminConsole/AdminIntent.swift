/// What a key press asks of the console; the model decides what it means in the current view.
public enum AdminIntent: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom
    case open, back, quit, help
    /// Ctrl-C: quit whatever is going on.
    case interrupt
    case toggleMark, startFilter
    case kick, toggleAudio, toggleVideo, close, create, join
    /// Text entry (filter, confirmation).
    case type(Character)
    case deleteBackward, submit, cancel
}
