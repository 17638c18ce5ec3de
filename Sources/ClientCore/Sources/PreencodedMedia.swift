import RTCMedia
import MediaIO

/// A short clip encoded once (VP8 frames with a keyframe every second, Opus packets) and shared
/// by every publisher of a load test, so the generator spends its CPU on the network, not codecs.
public final class PreencodedMedia: Sendable, Equatable {
    public let videoFrames: [[UInt8]]
    public let keyframeIndices: Set<Int>
    public let opusPackets: [[UInt8]]
    public let width: Int
    public let height: Int

    /// Encodes `seconds` of the test pattern and tone (about 0.3 s of CPU for 3 s at 320x240).
    public init(width: Int = 320, height: Int = 240, framesPerSecond: Int = 30, videoKbps: Int = 300, seconds: Int = 3) throws {
        let encoder = try VP8Encoder(width: width, height: height, bitrateKbps: videoKbps, frameRate: framesPerSecond,
                                     keyframeInterval: framesPerSecond)
        let pattern = TestPatternSource(width: width, height: height, framesPerSecond: framesPerSecond)
        var frames: [[UInt8]] = []
        var keyframes = Set<Int>()
        for number in 0..<(framesPerSecond * seconds) {
            for encoded in try encoder.encode(pattern.frame(number: UInt32(number), timestampMicros: 0),
                                              timestamp90k: Int64(number) * 90_000 / Int64(framesPerSecond)) {
                if encoded.isKeyframe { keyframes.insert(frames.count) }
                frames.append(encoded.bytes)
            }
        }
        let opus = try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: 32_000)
        var tone = ToneSource(frequency: 440, level: 0.3, channels: 1, frameMilliseconds: 20, markerInterval: 48_000)
        var packets: [[UInt8]] = []
        for _ in 0..<(50 * seconds) { packets.append(try opus.encode(tone.nextFrame())) }
        videoFrames = frames
        keyframeIndices = keyframes
        opusPackets = packets
        self.width = width
        self.height = height
    }

    public static func == (lhs: PreencodedMedia, rhs: PreencodedMedia) -> Bool { lhs === rhs }
}

/// Loops the clip's VP8 frames; a keyframe request jumps to the next keyframe.
final class PreencodedVideoSource: EncodedVideoSource {
    let codec = VideoCodec.vp8
    private let media: PreencodedMedia
    private var index = 0
    let label = "pre-encoded clip"

    init(_ media: PreencodedMedia) { self.media = media }

    func nextEncodedFrame(keyframeRequested: Bool) -> [UInt8]? {
        if keyframeRequested, let next = media.keyframeIndices.sorted().first(where: { $0 >= index }) ?? media.keyframeIndices.min() {
            index = next
        }
        defer { index = (index + 1) % max(1, media.videoFrames.count) }
        return media.videoFrames.isEmpty ? nil : media.videoFrames[index]
    }
}

final class PreencodedAudioSource: EncodedAudioSource {
    private let media: PreencodedMedia
    private var index = 0
    let label = "pre-encoded tone"

    init(_ media: PreencodedMedia) { self.media = media }

    func nextPacket() -> [UInt8]? {
        guard !media.opusPackets.isEmpty else { return nil }
        defer { index = (index + 1) % media.opusPackets.count }
        return media.opusPackets[index]
    }
}
