/// How a preview ended, with the figures a caller may print or test.
public struct PreviewReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// --frames N frames were drawn.
        case frameLimitReached
        /// The file has no more frames.
        case sourceEnded
        /// The user pressed q.
        case quit
        /// SIGINT or SIGTERM.
        case interrupted(signal: Int32)
    }

    public var outcome: Outcome
    public var framesDrawn: Int
    /// Every byte written to the output, status line and set-up included.
    public var bytesWritten: Int
    /// Ticks skipped because drawing fell behind.
    public var skippedTicks: Int

    public init(outcome: Outcome, framesDrawn: Int, bytesWritten: Int, skippedTicks: Int) {
        self.outcome = outcome
        self.framesDrawn = framesDrawn
        self.bytesWritten = bytesWritten
        self.skippedTicks = skippedTicks
    }

    /// 0 for a normal end, 128 + the signal number after SIGINT or SIGTERM (the shell convention).
    public var exitStatus: Int32 {
        if case let .interrupted(signal) = outcome { return 128 + signal }
        return 0
    }
}
