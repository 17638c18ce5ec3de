import MediaIO

/// What the preview loop waits for between frames.
public enum PreviewEvent: Sendable, Equatable {
    /// The deadline passed: time to draw.
    case deadline
    /// A byte typed on standard input (raw mode).
    case key(UInt8)
    /// SIGINT or SIGTERM arrived.
    case signal(Int32)
    /// The terminal changed size (SIGWINCH); carries the new size when the terminal reports one.
    case resized(WindowSize?)
}

/// The preview's edge to the world: its clock, its output and its input. The real one is
/// `TerminalScreen`; tests use a virtual one whose clock jumps to each deadline.
public protocol PreviewScreen: AnyObject {
    /// Microseconds of a monotonic clock.
    var nowMicros: Int64 { get }
    func write(_ bytes: [UInt8]) throws(PreviewError)
    /// Returns the first event before `deadlineMicros`, or `.deadline` once it has passed.
    func waitForEvent(untilMicros deadlineMicros: Int64) -> PreviewEvent
}
