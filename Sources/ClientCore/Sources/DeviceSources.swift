import MediaIO
import RTCNetwork

/// A V4L2 camera; the capture thread keeps the newest picture, the publisher takes it.
public final class CameraVideoSource: VideoSource, @unchecked Sendable {
    private let capture: VideoCapture
    private let width: Int
    private let height: Int
    private let lock = PThreadLock()
    private var latest: I420Frame?
    public let label: String

    public init(device: String, width: Int, height: Int, framesPerSecond: Int) throws(VideoDeviceError) {
        capture = try VideoCapture(device: device, width: width, height: height, fps: framesPerSecond)
        self.width = width
        self.height = height
        label = device
        try capture.start { [lock, weak self] frame in
            lock.withLock { self?.latest = frame }
        }
    }

    public func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame? {
        guard var frame = lock.withLock({ () -> I420Frame? in defer { latest = nil }; return latest }) else { return nil }
        if frame.width != width || frame.height != height { frame = frame.scaled(toWidth: width, height: height) }
        frame.timestampMicros = captureMicros
        return frame
    }

    public func stop() { capture.stop() }
}

/// An ALSA capture device, 48 kHz mono in 20 ms periods.
public final class MicrophoneAudioSource: AudioSource {
    private let capture: AudioCapture
    private var buffer = [Int16](repeating: 0, count: 960)
    public let label: String

    public init(device: String) throws(AudioDeviceError) {
        capture = try AudioCapture(device: device, format: AudioFormat(sampleRate: 48_000, channels: 1, periodMilliseconds: 20))
        try capture.start()
        label = device
    }

    public func nextFrame() -> [Int16]? {
        let ready = buffer.withUnsafeMutableBufferPointer { capture.readPeriod(into: $0) }
        return ready ? buffer : nil
    }

    public func stop() { capture.stop() }
}
