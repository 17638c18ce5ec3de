import MediaIO
import RTCBase
import RTCMedia
import RTCNetwork

/// Sends one video source at its frame rate on its own thread: pictures through the negotiated
/// codec's encoder (VP8 or H.264), or frames already encoded; keyframes on request.
final class VideoSender: @unchecked Sendable {
    private let session: PeerSession
    private let mid: String
    private let source: VideoSource
    private let settings: MediaPublisher.Settings
    /// Made once the codec is negotiated, for that codec.
    private var encoder: VideoEncoder?
    private let framesPerSecond: Int
    private let lock = PThreadLock()
    private var enabled = true
    private var keyframeRequested = false
    private var sent = 0
    private var picture: I420Frame?
    private var firstError: String?
    private var frameNumber: UInt32 = 0
    private var loop: PeriodicLoop?
    private var rate: VideoRateAdaptation

    /// Throws when the VP8 encoder cannot be made.
    init(session: PeerSession, mid: String, source: VideoSource, settings: MediaPublisher.Settings) throws {
        self.session = session
        self.mid = mid
        self.source = source
        framesPerSecond = max(1, settings.framesPerSecond)
        rate = VideoRateAdaptation(ceilingKbps: settings.videoKbps, audioKbps: settings.audioKbps,
                                   framesPerSecond: framesPerSecond)
        self.settings = settings
        // Fail at once, before the call, when the configuration is one no encoder takes.
        if !(source is EncodedVideoSource) {
            _ = try VideoEncoder(codec: .vp8, width: settings.width, height: settings.height,
                                 bitrateKbps: settings.videoKbps, frameRate: framesPerSecond)
        }
    }

    var framesSent: Int { lock.withLock { sent } }
    var lastPicture: I420Frame? { lock.withLock { picture } }
    var error: String? { lock.withLock { firstError } }

    func requestKeyframe() { lock.withLock { keyframeRequested = true } }

    func setEnabled(_ on: Bool) {
        lock.withLock {
            // A receiver that saw nothing for a while needs a keyframe to start again.
            if on && !enabled { keyframeRequested = true }
            enabled = on
        }
    }

    func start() {
        loop = PeriodicLoop(interval: .nanoseconds(1_000_000_000 / Int64(framesPerSecond))) { [self] now in tick(now: now) }
    }

    func stop() {
        loop?.stop()
        loop = nil
    }

    private func tick(now: Instant) {
        let (on, keyframe) = lock.withLock { () -> (Bool, Bool) in
            defer { keyframeRequested = false }
            return (enabled, keyframeRequested)
        }
        guard on, session.canSend(mid: mid) else {
            if keyframe { requestKeyframe() }
            return
        }
        guard let codec = session.videoCodec(mid: mid) else { return }
        if let encoded = source as? EncodedVideoSource {
            guard encoded.codec == codec else {
                lock.withLock { firstError = firstError ?? "The pre-encoded video is \(encoded.codec), but the call negotiated \(codec)." }
                return
            }
            guard let frame = encoded.nextEncodedFrame(keyframeRequested: keyframe) else { return }
            session.sendVideo(mid: mid, frame: frame, capturedAt: now)
            lock.withLock { sent += 1 }
            return
        }
        if encoder?.codec != codec {
            do {
                encoder = try VideoEncoder(codec: codec, width: settings.width, height: settings.height,
                                           bitrateKbps: settings.videoKbps, frameRate: framesPerSecond)
                rate = VideoRateAdaptation(ceilingKbps: settings.videoKbps, audioKbps: settings.audioKbps,
                                           framesPerSecond: framesPerSecond)
            } catch {
                lock.withLock { firstError = firstError ?? "\(error)" }
                encoder = nil
                return
            }
        }
        guard let encoder else { return }
        let decision = rate.update(targetBitrate: session.targetBitrate, frameNumber: frameNumber, now: now)
        if let kbps = decision.encoderKbps {
            do { try encoder.setBitrate(kbps: kbps) } catch { lock.withLock { firstError = firstError ?? "\(error)" } }
        }
        guard decision.sendsThisFrame || keyframe else {
            // Fewer frames at a low rate keep each one sharp; the timestamps keep the real timing.
            frameNumber &+= 1
            return
        }
        guard let next = source.nextFrame(number: frameNumber, captureMicros: WallClock.microseconds()) else {
            if keyframe { requestKeyframe() }
            return
        }
        if keyframe { encoder.requestKeyframe() }
        lock.withLock { picture = next }
        let timestamp90k = Int64(frameNumber) * 90_000 / Int64(framesPerSecond)
        frameNumber &+= 1
        do {
            for frame in try encoder.encode(next, timestamp90k: timestamp90k) {
                session.sendVideo(mid: mid, frame: frame.bytes, capturedAt: now)
                lock.withLock { sent += 1 }
            }
        } catch {
            lock.withLock { firstError = firstError ?? "\(error)" }
        }
    }
}
