import MediaIO
import RTC
import RTCBase
import RTCMedia

/// Decodes one remote video track (VP8 or H.264, as its frames say) and measures it: decoded frames, frame rate, freezes, frames
/// missing from the synthetic sequence, and capture-to-decode latency from the embedded barcode.
public final class VideoReceiveAnalyzer {
    public private(set) var framesReceived = 0
    public private(set) var framesDecoded = 0
    public private(set) var keyframesNeeded = 0
    public private(set) var barcodesRead = 0
    /// Gaps in the synthetic frame numbers (frames the sender made that never decoded here).
    public private(set) var framesMissing = 0
    public private(set) var latenciesMicros: [Int64] = []
    public private(set) var freezes = FreezeDetector()
    public private(set) var lastPicture: I420Frame?
    public private(set) var firstDecodeAt: Instant?
    public private(set) var lastDecodeAt: Instant?
    private var lastFrameNumber: UInt32?
    /// Made for the codec of the first frame, and again if the track changes codec.
    private var decoder: VideoDecoder?
    /// Why no decoder could be made, when none could.
    public private(set) var decoderError: String?

    /// Whether frames are decoded; a load generator counts them without decoding to save CPU.
    public let decodes: Bool

    public init(decodes: Bool = true) {
        self.decodes = decodes
    }

    /// The codec of the last frame received; nil before the first.
    public private(set) var codec: VideoCodec?

    /// Feeds one reassembled frame; returns true when the decoder needs a keyframe (send a PLI).
    @discardableResult
    public func receive(_ frame: ReceivedVideoFrame, now: Instant) -> Bool {
        framesReceived += 1
        codec = frame.codec
        guard decodes else {
            // Counting mode: a complete frame stands for a decoded one.
            framesDecoded += 1
            if firstDecodeAt == nil { firstDecodeAt = now }
            lastDecodeAt = now
            freezes.frameRendered(at: now)
            return false
        }
        if decoder?.codec != frame.codec {
            do {
                decoder = try VideoDecoder(codec: frame.codec)
            } catch {
                decoder = nil
                decoderError = "No \(frame.codec) decoder: \(error)"
            }
        }
        guard let decoder else { return false }
        if frame.followsGap { decoder.referenceLost() }
        switch decoder.decode(frame.data) {
        case let .picture(picture):
            framesDecoded += 1
            if firstDecodeAt == nil { firstDecodeAt = now }
            lastDecodeAt = now
            freezes.frameRendered(at: now)
            lastPicture = picture
            if let (number, captureMicros) = FrameBarcode.read(from: picture) {
                barcodesRead += 1
                if let last = lastFrameNumber, number > last { framesMissing += Int(number - last - 1) }
                lastFrameNumber = number
                // The barcode keeps the capture time modulo 2^48 microseconds (about 8.9 years).
                let latency = (WallClock.microseconds() - captureMicros) & (1 << 48 - 1)
                if latency >= 0, latency < 60_000_000 { latenciesMicros.append(latency) }
            }
            return false
        case .needsKeyframe:
            keyframesNeeded += 1
            return true
        case .nothingToShow:
            return false
        }
    }

    /// Decoded frames per second between the first and last decode.
    public var framesPerSecond: Double {
        guard let first = firstDecodeAt, let last = lastDecodeAt, framesDecoded > 1 else { return 0 }
        let seconds = (last - first).milliseconds / 1000
        return seconds > 0 ? Double(framesDecoded - 1) / seconds : 0
    }

    /// The median capture-to-decode latency in milliseconds, nil before any barcode was read.
    public var medianLatencyMilliseconds: Double? {
        guard !latenciesMicros.isEmpty else { return nil }
        let sorted = latenciesMicros.sorted()
        return Double(sorted[sorted.count / 2]) / 1000
    }
}
