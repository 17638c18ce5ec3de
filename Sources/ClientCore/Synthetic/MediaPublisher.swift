import Glibc
import MediaIO
import RTCBase
import RTCNetwork

/// Encodes audio and video from their sources (VP8, Opus) and sends them into a peer session at
/// real-time pace, on a thread of its own, so capture and encoding never wait on the UI or network.
public final class MediaPublisher: @unchecked Sendable {
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
    private let videoSource: VideoSource?
    private let audioSource: AudioSource?
    private let lock = PThreadLock()
    private var running = false
    private var keyframeRequested = false
    private var audioEnabled = true
    private var videoEnabled = true
    private var thread: LoopThread?
    public private(set) var framesSent = 0
    public private(set) var audioPacketsSent = 0
    /// The last picture sent, for the self-view.
    public var lastPicture: I420Frame? { lock.withLock { picture } }
    private var picture: I420Frame?
    /// The first encoder error, if any, in one sentence.
    public private(set) var error: String?

    public init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings = Settings(),
                videoSource: VideoSource?, audioSource: AudioSource?) {
        self.session = session
        self.audioMid = audioMid
        self.videoMid = videoMid
        self.settings = settings
        self.videoSource = videoSource
        self.audioSource = audioSource
    }

    /// The synthetic participant: the moving test pattern and a tone.
    public convenience init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings = Settings()) {
        self.init(session: session, audioMid: audioMid, videoMid: videoMid, settings: settings,
                  videoSource: TestPatternVideoSource(width: settings.width, height: settings.height,
                                                      framesPerSecond: settings.framesPerSecond),
                  audioSource: ToneAudioSource())
    }

    deinit { stop() }

    public func start() {
        lock.withLock { running = true }
        thread = LoopThread { [self] in run() }
    }

    public func stop() {
        lock.withLock { running = false }
        thread?.join()
        thread = nil
        videoSource?.stop()
        audioSource?.stop()
    }

    /// The remote side lost its reference picture: the next frame is a keyframe.
    public func requestKeyframe() { lock.withLock { keyframeRequested = true } }

    /// Muting stops sending (nothing goes out, as a browser's disabled track would send silence).
    public func setAudioEnabled(_ enabled: Bool) { lock.withLock { audioEnabled = enabled } }

    public func setVideoEnabled(_ enabled: Bool) {
        lock.withLock {
            if enabled && !videoEnabled { keyframeRequested = true }
            videoEnabled = enabled
        }
    }

    private func run() {
        let encodedVideo = videoSource as? EncodedVideoSource
        let encodedAudio = audioSource as? EncodedAudioSource
        let videoEncoder: VP8Encoder?
        let audioEncoder: OpusEncoder?
        do {
            videoEncoder = videoMid == nil || videoSource == nil || encodedVideo != nil ? nil
                : try VP8Encoder(width: settings.width, height: settings.height, bitrateKbps: settings.videoKbps,
                                 frameRate: settings.framesPerSecond)
            audioEncoder = audioMid == nil || audioSource == nil || encodedAudio != nil ? nil
                : try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: settings.audioKbps * 1000)
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
            if let videoMid, let encodedVideo, now >= nextVideo {
                nextVideo = nextVideo + frameInterval
                let (enabled, keyframe) = lock.withLock { () -> (Bool, Bool) in
                    defer { keyframeRequested = false }
                    return (videoEnabled, keyframeRequested)
                }
                if enabled, session.canSend(mid: videoMid), let frame = encodedVideo.nextEncodedFrame(keyframeRequested: keyframe) {
                    session.sendVideo(mid: videoMid, frame: frame, capturedAt: now)
                    lock.withLock { framesSent += 1 }
                }
            }
            if let audioMid, let encodedAudio, now >= nextAudio {
                nextAudio = nextAudio + .milliseconds(20)
                if let packet = encodedAudio.nextPacket(), lock.withLock({ audioEnabled }), session.canSend(mid: audioMid) {
                    session.sendAudio(mid: audioMid, opusPacket: packet, capturedAt: now)
                    lock.withLock { audioPacketsSent += 1 }
                }
            }
            if let videoMid, let videoEncoder, let videoSource, now >= nextVideo {
                nextVideo = nextVideo + frameInterval
                let (enabled, keyframe) = lock.withLock { () -> (Bool, Bool) in
                    defer { keyframeRequested = false }
                    return (videoEnabled, keyframeRequested)
                }
                if enabled, session.canSend(mid: videoMid),
                   let picture = videoSource.nextFrame(number: frameNumber, captureMicros: WallClock.microseconds()) {
                    if keyframe { videoEncoder.requestKeyframe() }
                    lock.withLock { self.picture = picture }
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
                } else if keyframe {
                    lock.withLock { keyframeRequested = true }
                }
            }
            if let audioMid, let audioEncoder, let audioSource, now >= nextAudio {
                nextAudio = nextAudio + .milliseconds(20)
                // Pull the source even when muted, so a device's buffer does not fill with stale audio.
                if let pcm = audioSource.nextFrame(), lock.withLock({ audioEnabled }), session.canSend(mid: audioMid),
                   let packet = try? audioEncoder.encode(pcm) {
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
