import MediaIO

/// The moving test pattern with its frame-number and capture-time barcode.
public final class TestPatternVideoSource: VideoSource {
    private let pattern: TestPatternSource
    public let label = "test pattern"

    public init(width: Int, height: Int, framesPerSecond: Int) {
        pattern = TestPatternSource(width: width, height: height, framesPerSecond: framesPerSecond)
    }

    public func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame? {
        pattern.frame(number: number, timestampMicros: captureMicros)
    }
}

/// A 440 Hz tone with an audio marker every second.
public final class ToneAudioSource: AudioSource {
    private var tone = ToneSource(frequency: 440, level: 0.3, channels: 1, frameMilliseconds: 20, markerInterval: 48_000)
    public let label = "tone"

    public init() {}

    public func nextFrame() -> [Int16]? { tone.nextFrame() }
}
