/// The camera and microphone of a call (or files, or synthetic sources), opened once for the whole
/// call. A source that does not open is a sentence for the status line, and the call goes on
/// without it.
struct CallSources {
    private(set) var video: VideoSource?
    private(set) var audio: AudioSource?
    /// One sentence per source that did not open.
    private(set) var notices: [String] = []

    /// No sources: what a call has before it opens them.
    init() {}

    init(options: CallOptions) {
        let settings = options.publisher
        switch options.video {
        case .none:
            break
        case .testPattern:
            video = TestPatternVideoSource(width: settings.width, height: settings.height, framesPerSecond: settings.framesPerSecond)
        case let .preencoded(media):
            video = PreencodedVideoSource(media)
        case let .file(path):
            do { video = try Y4MVideoSource(path: path, width: settings.width, height: settings.height) } catch {
                notices.append("No video: \(error)")
            }
        case let .camera(device):
            do {
                video = try CameraVideoSource(device: device, width: settings.width, height: settings.height,
                                              framesPerSecond: settings.framesPerSecond)
            } catch {
                notices.append("No camera (\(error)): joined without video.")
            }
        }
        switch options.audio {
        case .none:
            break
        case .tone:
            audio = ToneAudioSource()
        case let .preencoded(media):
            audio = PreencodedAudioSource(media)
        case let .file(path):
            do { audio = try WAVAudioSource(path: path) } catch {
                notices.append("No audio: \(error)")
            }
        case let .microphone(device):
            do { audio = try MicrophoneAudioSource(device: device) } catch {
                notices.append("No microphone (\(error)): joined without audio.")
            }
        }
    }

    func stop() {
        video?.stop()
        audio?.stop()
    }
}
