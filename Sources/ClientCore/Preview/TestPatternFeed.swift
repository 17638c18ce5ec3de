import MediaIO

/// The moving test pattern as a preview source. The pattern's own timeline follows the tick's time,
/// so it moves at its natural speed whatever --fps is and even when late ticks are skipped.
public final class TestPatternFeed: PreviewFrameSource {
    public let label = "test pattern"
    public var frameWidth: Int { pattern.width }
    public var frameHeight: Int { pattern.height }
    public var framesPerSecond: Double { Double(pattern.framesPerSecond) }
    private let pattern: TestPatternSource

    /// 640x360 like a typical camera, so the renderer does the same scaling work as with one.
    public init(width: Int = 640, height: Int = 360) {
        pattern = TestPatternSource(width: width, height: height)
    }

    public func frame(tick: Int, ticksPerSecond: Double) -> PreviewFrame {
        let seconds = Double(max(0, tick)) / ticksPerSecond
        let number = UInt32(truncatingIfNeeded: Int((seconds * framesPerSecond).rounded(.down)))
        return .picture(pattern.frame(number: number, timestampMicros: Int64(seconds * 1_000_000)))
    }

    public func close() {}
}
