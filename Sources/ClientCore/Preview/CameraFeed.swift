import MediaIO
import Synchronization

/// A V4L2 camera as a preview source: the capture thread leaves its newest frame here and each tick
/// takes it if it is new. Opening happens in `init`, so a missing or busy camera is reported before
/// the terminal is touched.
public final class CameraFeed: PreviewFrameSource {
    public let label: String
    public var frameWidth: Int { capture.width }
    public var frameHeight: Int { capture.height }
    /// What the driver agreed to, or 30 when it does not say.
    public var framesPerSecond: Double { capture.framesPerSecond > 0 ? capture.framesPerSecond : 30 }
    private let capture: VideoCapture
    private let latest = Latest()

    /// The newest frame and whether the preview has taken it yet; shared with the capture thread.
    private final class Latest: Sendable {
        let slot = Mutex<I420Frame?>(nil)
    }

    public init(path: String, isDefault: Bool) throws(PreviewError) {
        do {
            capture = try VideoCapture(device: path)
            let latest = self.latest
            try capture.start { frame in latest.slot.withLock { $0 = frame } }
        } catch {
            throw .cameraUnavailable(error, isDefault: isDefault)
        }
        label = path
    }

    public func frame(tick: Int, ticksPerSecond: Double) throws(PreviewError) -> PreviewFrame {
        if let failure = capture.failure { throw .cameraFailed(failure) }
        guard let frame = latest.slot.withLock({ slot in defer { slot = nil }; return slot }) else { return .unchanged }
        return .picture(frame)
    }

    public func close() {
        capture.stop()
    }
}
