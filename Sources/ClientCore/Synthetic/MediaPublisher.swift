import MediaIO
import RTCMedia
import RTCBase
import RTCNetwork

/// Encodes audio and video from their sources (Opus, VP8) and sends them into a peer session at
/// real-time pace. Each medium has a sender on a thread of its own: capture and encoding never wait
/// on the UI or the network, and audio never waits behind a video encode.
public final class MediaPublisher: @unchecked Sendable {
    public struct Settings: Sendable {
        public var width = 640
        public var height = 360
        public var framesPerSecond = 30
        /// The most the video encoder may use; the congestion controller's estimate sets the rate
        /// below it as the call goes.
        public var videoKbps = 1500
        public var audioKbps = 32
        /// The video codecs to offer and accept, most wanted first; nil: VP8, then H.264.
        public var videoCodecs: [VideoCodec]?
        public init() {}
    }

    private let audio: AudioSender?
    private let video: VideoSender?
    /// The sources this publisher made itself and so stops; sources handed in belong to the
    /// caller, who may give them to the next publisher (a call that rejoins keeps its camera).
    private let ownedSources: (video: VideoSource?, audio: AudioSource?)
    private let encoderError: String?

    /// - Parameters:
    ///   - audioMid, videoMid: the transceivers to send on; nil sends nothing of that medium.
    public convenience init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings = Settings(),
                            videoSource: VideoSource?, audioSource: AudioSource?) {
        self.init(session: session, audioMid: audioMid, videoMid: videoMid, settings: settings,
                  videoSource: videoSource, audioSource: audioSource, owningSources: false)
    }

    private init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings,
                 videoSource: VideoSource?, audioSource: AudioSource?, owningSources: Bool) {
        ownedSources = owningSources ? (videoSource, audioSource) : (nil, nil)
        var failure: String?
        do {
            if let audioMid, let audioSource {
                audio = try AudioSender(session: session, mid: audioMid, source: audioSource, bitrateKbps: settings.audioKbps)
            } else {
                audio = nil
            }
        } catch {
            audio = nil
            failure = "\(error)"
        }
        do {
            if let videoMid, let videoSource {
                video = try VideoSender(session: session, mid: videoMid, source: videoSource, settings: settings)
            } else {
                video = nil
            }
        } catch {
            video = nil
            failure = failure ?? "\(error)"
        }
        encoderError = failure
    }

    /// The synthetic participant: the moving test pattern and a tone.
    public convenience init(session: PeerSession, audioMid: String?, videoMid: String?, settings: Settings = Settings()) {
        self.init(session: session, audioMid: audioMid, videoMid: videoMid, settings: settings,
                  videoSource: TestPatternVideoSource(width: settings.width, height: settings.height,
                                                      framesPerSecond: settings.framesPerSecond),
                  audioSource: ToneAudioSource(), owningSources: true)
    }

    deinit { stop() }

    public var framesSent: Int { video?.framesSent ?? 0 }
    public var audioPacketsSent: Int { audio?.packetsSent ?? 0 }
    /// The last picture sent, for the self-view.
    public var lastPicture: I420Frame? { video?.lastPicture }
    /// The first encoder error, if any, in one sentence.
    public var error: String? { encoderError ?? video?.error }

    public func start() {
        audio?.start()
        video?.start()
    }

    public func stop() {
        audio?.stop()
        video?.stop()
        ownedSources.video?.stop()
        ownedSources.audio?.stop()
    }

    /// The remote side lost its reference picture: the next frame is a keyframe.
    public func requestKeyframe() { video?.requestKeyframe() }

    /// Muting stops sending (nothing goes out, as a browser's disabled track would send silence).
    public func setAudioEnabled(_ enabled: Bool) { audio?.setEnabled(enabled) }

    public func setVideoEnabled(_ enabled: Bool) { video?.setEnabled(enabled) }
}
