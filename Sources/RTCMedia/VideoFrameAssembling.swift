// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// What a receiver needs from a video depacketizer, whatever the codec: packets in, complete
/// frames out in decoding order, and a deadline for frames that wait on missing ones.
public protocol VideoFrameAssembling: Sendable {
    /// Adds one RTP packet; returns the frames now ready, oldest first.
    mutating func insert(_ packet: RTPPacket, now: Instant) -> [AssembledFrame]
    /// Releases frames whose wait has run out and drops stale packets.
    mutating func poll(now: Instant) -> [AssembledFrame]
    /// When `poll(now:)` next has something to do; nil when nothing is waiting.
    func nextTimeout() -> Instant?
    /// Packets waiting for the rest of their frame.
    var bufferedPackets: Int { get }
    /// How long a complete frame waits for earlier ones that are still missing.
    var maxReorderDelay: Duration { get set }
}

extension VP8FrameAssembler: VideoFrameAssembling {}
extension H264FrameAssembler: VideoFrameAssembling {}
