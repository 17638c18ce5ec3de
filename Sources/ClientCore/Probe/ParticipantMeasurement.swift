import RTCBase

/// What a probe measured of one remote participant, over the part of the measurement window it
/// was there for: from the later of the window's start and its first track, to the earlier of the
/// window's end and its leaving. Pure, so the rules are tested without a network.
public struct ParticipantMeasurement: Sendable, Equatable {
    public var id: String
    public var name: String
    public var seconds: Double
    public var framesDecoded: Int
    /// Frames decoded over the whole of its window, not between its first and last frame: a
    /// stream that stops half way shows half the rate.
    public var framesPerSecond: Double?
    /// W3C freezes, a stall that lasts to the end of its window included.
    public var freezes: Int
    public var audioPackets: Int
    public var latencyMilliseconds: Double?
    public var left: Bool
    /// "VP8" or "H264", as its video arrived; nil without video.
    public var videoCodec: String?
    /// Why its media does not count as measured, one sentence each; empty when it does.
    public var problems: [String]

    /// Shorter windows are reported but judged by nothing: someone who joined in the last moment.
    public static let minimumJudgedWindow: Duration = .seconds(1)
    /// Media that has not arrived for this long before the window's end has stopped.
    public static let stallLimit: Duration = .seconds(1)

    /// - Parameters:
    ///   - before: the participant's figures when the window opened (nil when it was not there).
    ///   - sendsVideo, sendsAudio: what its signalled state says it sends (a muted microphone or
    ///     a camera turned off is not expected to arrive).
    public init(id: String, name: String, media: RemoteMedia.ParticipantMedia, before: RemoteMedia.ParticipantMedia?,
                windowStart: Instant, windowEnd: Instant, sendsVideo: Bool, sendsAudio: Bool) {
        self.id = id
        self.name = name
        let start = max(windowStart, media.since ?? windowStart)
        let end = min(windowEnd, media.endedAt ?? windowEnd)
        let window = max(.zero, end - start)
        seconds = window.milliseconds / 1000
        let frames = max(0, media.framesDecoded - (before?.framesDecoded ?? 0))
        framesDecoded = frames
        framesPerSecond = media.hasVideo && seconds > 0 ? Double(frames) / seconds : nil
        let trailingStall = media.videoFreezes?.isStalled(at: end) == true ? 1 : 0
        freezes = max(0, media.freezes - (before?.freezes ?? 0)) + trailingStall
        audioPackets = max(0, media.audioPackets - (before?.audioPackets ?? 0))
        latencyMilliseconds = media.latencyMilliseconds
        left = media.endedAt != nil
        videoCodec = media.videoCodec
        problems = []
        guard window >= Self.minimumJudgedWindow else { return }
        let who = name.isEmpty ? id : "\(name) (\(id))"
        if media.hasVideo, sendsVideo {
            if frames == 0 {
                problems.append("no video decoded from \(who) in \(Self.format(seconds)) s")
            } else if let last = media.lastFrameAt, end - last > Self.stallLimit {
                problems.append("video from \(who) stopped \(Self.format((end - last).milliseconds / 1000)) s before the end")
            }
        }
        if media.hasAudio, sendsAudio {
            if audioPackets == 0 {
                problems.append("no audio from \(who) in \(Self.format(seconds)) s")
            } else if let last = media.lastAudioAt, end - last > Self.stallLimit {
                problems.append("audio from \(who) stopped \(Self.format((end - last).milliseconds / 1000)) s before the end")
            }
        }
    }

    private static func format(_ seconds: Double) -> String { String((seconds * 10).rounded() / 10) }
}
