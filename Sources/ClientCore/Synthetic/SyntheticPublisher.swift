import Glibc
import MediaIO
import RTCBase
import RTCNetwork

/// Publishes the moving test pattern (VP8, with its frame-number barcode) and a tone (Opus, with
/// audio markers) into a peer session at real-time pace, on a thread of its own.
public final class SyntheticPublisher: @unchecked Sendable {
    public struct Settings: Sendable {
        public var width = 640
        public var height = 360
        public var framesPerSecond = 30
        public var videoKbps = 600
        public var audioKbps = 32
        public init() {}
    }

    private let session: PeerSession
    private let audioMid: String?
    private let videoMid: String?
    private let settings: Settings
    private let lock = PThreadLock()
    private var running = false
    private var keyframeRequested = false
    private var thread: pthread_t?
    public private(set) var framesSent = 0
    public private(set) var audioPacketsSent = 0
    /// The first encoder or send error, if any, in one sentence.
    public private(set) var error: String?

    public init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings = Settings()) {
        self.session = session
        self.audioMid = audioMid
        self.videoMid = videoMid
        self.settings = settings
    }

    deinit { stop() }

    public func start() {
        lock.withLock { running = true }
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        if pthread_create(&handle, nil, { argument in
            let publisher = Unmanaged<SyntheticPublisher>.fromOpaque(argument!).takeRetainedValue()
            publisher.run()
            return nil
        }, box) == 0 {
            thread = handle
        } else {
            Unmanaged<SyntheticPublisher>.fromOpaque(box).release()
        }
    }

    public func stop() {
        lock.withLock { running = false }
        if let thread, pthread_equal(thread, pthread_self()) == 0 { pthread_join(thread, nil) }
        thread = nil
    }

    /// The remote side lost its reference picture: the next frame is a keyframe.
    public func requestKeyframe() { lock.withLock { keyframeRequested = true } }

    private func run() {
        let pattern = TestPatternSource(width: settings.width, height: settings.height, framesPerSecond: settings.framesPerSecond)
        var tone = ToneSource(frequency: 440, level: 0.3, channels: 1, frameMilliseconds: 20, markerInterval: 48_000)
        let videoEncoder: VP8Encoder?
        let audioEncoder: OpusEncoder?
        do {
            videoEncoder = videoMid == nil ? nil
                : try VP8Encoder(width: settings.width, height: settings.height, bitrateKbps: settings.videoKbps,
                                 frameRate: settings.framesPerSecond)
            audioEncoder = audioMid == nil ? nil : try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: settings.audioKbps * 1000)
        } catch {
            lock.withLock { self.error = "\(error)" }
            return
        }
        let start = MonotonicClock.now()
        let frameInterval = Duration.nanoseconds(1_000_000_000 / Int64(max(1, settings.framesPerSecond)))
        var nextVideo = start
        var nextAudio = start
        var frameNumber: UInt32 = 0
        while lock.withLock({ running }) {
            let now = MonotonicClock.now()
            if let videoMid, let videoEncoder, now >= nextVideo {
                nextVideo = nextVideo + frameInterval
                if session.canSend(mid: videoMid) {
                    if lock.withLock({ defer { keyframeRequested = false }; return keyframeRequested }) {
                        videoEncoder.requestKeyframe()
                    }
                    let capture = WallClock.microseconds()
                    let picture = pattern.frame(number: frameNumber, timestampMicros: capture)
                    let timestamp90k = Int64(frameNumber) * 90_000 / Int64(settings.framesPerSecond)
                    frameNumber &+= 1
                    do {
                        for encoded in try videoEncoder.encode(picture, timestamp90k: timestamp90k) {
                            session.sendVideo(mid: videoMid, frame: encoded.bytes, capturedAt: now)
                            lock.withLock { framesSent += 1 }
                        }
                    } catch {
                        lock.withLock { self.error = self.error ?? "\(error)" }
                    }
                }
            }
            if let audioMid, let audioEncoder, now >= nextAudio {
                nextAudio = nextAudio + .milliseconds(20)
                let pcm = tone.nextFrame()
                if session.canSend(mid: audioMid), let packet = try? audioEncoder.encode(pcm) {
                    session.sendAudio(mid: audioMid, opusPacket: packet, capturedAt: now)
                    lock.withLock { audioPacketsSent += 1 }
                }
            }
            let wake = [videoMid == nil ? nil : nextVideo, audioMid == nil ? nil : nextAudio].compactMap { $0 }.min() ?? now + .milliseconds(100)
            let sleep = max(0, (wake - MonotonicClock.now()).nanosecondsClamped)
            if sleep > 0 {
                var request = timespec(tv_sec: Int(sleep / 1_000_000_000), tv_nsec: Int(sleep % 1_000_000_000))
                nanosleep(&request, nil)
            }
        }
    }
}
