import MediaIO

/// What a source has for the frame due at a tick of the preview's clock.
public enum PreviewFrame: Sendable {
    case picture(I420Frame)
    /// Nothing new since the last tick (a camera slower than the drawing rate).
    case unchanged
    /// The source has no more frames (end of a file).
    case ended
}

/// A source of pictures for the preview: the camera, a Y4M file or the test pattern.
public protocol PreviewFrameSource: AnyObject {
    /// Shown in the status line: "test pattern", "/dev/video0", "clip.y4m".
    var label: String { get }
    var frameWidth: Int { get }
    var frameHeight: Int { get }
    /// The source's own rate, the default drawing rate.
    var framesPerSecond: Double { get }
    /// The frame for tick `tick` of a clock running at `ticksPerSecond`.
    func frame(tick: Int, ticksPerSecond: Double) throws(PreviewError) -> PreviewFrame
    /// Releases the device; called once, when the preview ends.
    func close()
}
