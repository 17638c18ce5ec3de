/// When each preview frame is due: tick n at origin + n / rate. A pure value, fed the time by its
/// caller, so tests drive it with a virtual clock.
///
/// When drawing falls behind by a whole interval or more, the ticks that passed are skipped rather
/// than drawn in a burst, so the picture stays live.
public struct FrameSchedule: Sendable, Equatable {
    public let framesPerSecond: Double
    /// Time of tick 0, in microseconds of the caller's clock.
    public let originMicros: Int64
    /// The tick due next.
    public private(set) var tick = 0
    /// Ticks skipped because drawing was late.
    public private(set) var skippedTicks = 0

    public init(framesPerSecond: Double, originMicros: Int64) {
        precondition(framesPerSecond > 0, "the frame rate must be positive")
        self.framesPerSecond = framesPerSecond
        self.originMicros = originMicros
    }

    public var intervalMicros: Int64 { max(1, Int64((1_000_000 / framesPerSecond).rounded())) }

    /// When tick `tick` is due.
    public var deadlineMicros: Int64 { deadline(of: tick) }

    func deadline(of tick: Int) -> Int64 {
        originMicros + Int64((Double(tick) * 1_000_000 / framesPerSecond).rounded())
    }

    /// The current tick was handled at `now`: moves to the next one, skipping those already a whole
    /// interval in the past.
    public mutating func advance(now: Int64) {
        tick += 1
        // The first tick whose deadline is less than one interval ago.
        let elapsed = Double(now - intervalMicros - originMicros) * framesPerSecond / 1_000_000
        var oldestLive = Int(elapsed.rounded(.down)) + 1
        while oldestLive > tick, now - deadline(of: oldestLive - 1) < intervalMicros { oldestLive -= 1 }
        if oldestLive > tick {
            skippedTicks += oldestLive - tick
            tick = oldestLive
        }
    }
}
