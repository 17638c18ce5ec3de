// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Rebuilds VP8 frames from RTP packets that may arrive reordered, duplicated or not at all, and
/// hands them out in sequence order, as a decoder needs them.
///
/// A frame is complete when the packet that starts it (S = 1, PID = 0), every following sequence
/// number with the same timestamp, and the packet with the marker bit are all present
/// (RFC 7741 4.4, 4.5). A complete frame comes out at once when it directly follows the last
/// frame handed out, or is a key frame; otherwise it waits up to `maxReorderDelay` for the frames
/// before it (reordered or retransmitted packets) and then comes out with `followsGap` set.
/// Frames that complete after a later frame went out are dropped: decoding them then would
/// corrupt the picture. Partial frames are dropped once older than `maxAge`.
///
/// Sans-IO: besides `insert`, call `poll(now:)` at `nextTimeout()` to release waiting frames.
public struct VP8FrameAssembler: Sendable {
    struct Fragment: Sendable {
        var timestamp: UInt32
        var marker: Bool
        var startsFrame: Bool
        var pictureID: UInt16?
        var data: ArraySlice<UInt8>
        var arrival: Instant
    }

    struct Completed: Sendable {
        var frame: AssembledFrame
        var last: Int64
        var completedAt: Instant
    }

    /// How long a partial frame waits for its missing packets.
    public var maxAge: Duration
    /// How long a complete frame waits for missing frames before it.
    public var maxReorderDelay: Duration
    /// How far behind the newest sequence number a packet may arrive and still be used.
    public let window: Int
    /// Packets rejected because their VP8 payload descriptor did not parse.
    public private(set) var malformedPackets = 0
    /// Buffered packets dropped because their frame never completed in time.
    public private(set) var droppedPackets = 0
    /// Complete frames dropped because a later frame had already been handed out.
    public private(set) var droppedFrames = 0

    private var unwrapper = SequenceNumberUnwrapper()
    private var fragments: [Int64: Fragment] = [:]
    /// Complete frames not yet handed out, by first sequence number.
    private var completed: [Int64: Completed] = [:]
    /// Last sequence number of the last frame handed out.
    private var lastDelivered: Int64?
    private var oldestFragmentArrival: Instant?
    /// Lowest buffered sequence number, or lower (it may name a fragment already removed).
    private var lowestFragment: Int64?
    /// Packets rejected in a row as older than the stream: a sender that restarted its sequence
    /// numbers would otherwise be ignored forever.
    private var consecutiveStalePackets = 0
    static let resynchronizeAfter = 64

    public init(maxAge: Duration = .seconds(1), maxReorderDelay: Duration = .milliseconds(50), window: Int = 1024) {
        self.maxAge = maxAge
        self.maxReorderDelay = maxReorderDelay
        self.window = max(window, 16)
    }

    /// Packets waiting for the rest of their frame.
    public var bufferedPackets: Int { fragments.count }

    /// Complete frames waiting for the frames before them.
    public var waitingFrames: Int { completed.count }

    /// Adds one RTP packet of the VP8 stream; returns the frames now ready, oldest first.
    public mutating func insert(_ packet: RTPPacket, now: Instant) -> [AssembledFrame] {
        defer { dropStale(now: now) }
        guard !packet.payload.isEmpty else { return release(now: now) }  // padding-only probes carry no video
        let descriptor: VP8PayloadDescriptor
        let size: Int
        do {
            (descriptor, size) = try VP8PayloadDescriptor.parse(packet.payload)
        } catch {
            malformedPackets += 1
            return release(now: now)
        }
        var sequence = unwrapper.unwrap(packet.sequenceNumber)
        let newest = unwrapper.highestExtended ?? sequence
        if sequence <= newest - Int64(window) || lastDelivered.map({ sequence <= $0 - Int64(window) }) == true {
            consecutiveStalePackets += 1
            guard consecutiveStalePackets >= Self.resynchronizeAfter else { return release(now: now) }
            resynchronize()
            sequence = unwrapper.unwrap(packet.sequenceNumber)
        }
        consecutiveStalePackets = 0
        // A duplicate, or part of a frame that is already out (or skipped).
        guard fragments[sequence] == nil, lastDelivered.map({ sequence > $0 }) ?? true else { return release(now: now) }

        fragments[sequence] = Fragment(
            timestamp: packet.timestamp, marker: packet.marker, startsFrame: descriptor.isStartOfFrame,
            pictureID: descriptor.pictureID, data: packet.payload.dropFirst(size), arrival: now)
        if oldestFragmentArrival.map({ now < $0 }) ?? true { oldestFragmentArrival = now }
        if lowestFragment.map({ sequence < $0 }) ?? true { lowestFragment = sequence }
        completeFrame(around: sequence, timestamp: packet.timestamp, now: now)
        return release(now: now)
    }

    /// Forgets the stream's position after a run of packets far behind it (a sender restart).
    private mutating func resynchronize() {
        droppedPackets += fragments.count
        droppedFrames += completed.count
        fragments.removeAll()
        completed.removeAll()
        unwrapper = SequenceNumberUnwrapper()
        lastDelivered = nil
        oldestFragmentArrival = nil
        lowestFragment = nil
        consecutiveStalePackets = 0
    }

    /// Releases frames whose wait for earlier frames has run out, and drops stale fragments.
    public mutating func poll(now: Instant) -> [AssembledFrame] {
        defer { dropStale(now: now) }
        return release(now: now)
    }

    /// When `poll(now:)` next has something to do; nil when nothing is waiting.
    public func nextTimeout() -> Instant? {
        // `release` waits on the frame lowest in sequence, from when it completed; a later frame
        // that completed earlier (its gap filled first) must not make the deadline one that
        // release does not act on, or the driver is woken in a loop.
        let release = completed.keys.min().flatMap { completed[$0] }.map { $0.completedAt + maxReorderDelay }
        let expiry = oldestFragmentArrival.map { $0 + maxAge }
        return earliest(release, expiry)
    }

    /// Looks back for the frame's start and forward for its marker; on success moves the frame
    /// from `fragments` to `completed`.
    private mutating func completeFrame(around sequence: Int64, timestamp: UInt32, now: Instant) {
        var first = sequence
        while true {
            guard let fragment = fragments[first], fragment.timestamp == timestamp else { return }
            if fragment.startsFrame { break }
            first -= 1
        }
        var last = sequence
        while true {
            guard let fragment = fragments[last], fragment.timestamp == timestamp else { return }
            if fragment.marker { break }
            last += 1
        }
        // The backward walk stopped at the first start bit; a start bit after `sequence` means two
        // frames share a timestamp, so the range is not one frame.
        if last > sequence, (sequence + 1...last).contains(where: { fragments[$0]?.startsFrame == true }) { return }

        var size = 0
        for index in first...last { size += fragments[index]?.data.count ?? 0 }
        var data: [UInt8] = []
        data.reserveCapacity(size)
        var pictureID: UInt16?
        for index in first...last {
            guard let fragment = fragments.removeValue(forKey: index) else { continue }
            if index == first { pictureID = fragment.pictureID }
            data.append(contentsOf: fragment.data)
        }
        let isKeyframe = VP8KeyframeHeader.isKeyframe(data)
        let frame = AssembledFrame(
            data: data, timestamp: timestamp, isKeyframe: isKeyframe, pictureID: pictureID,
            firstSequence: UInt16(truncatingIfNeeded: first), lastSequence: UInt16(truncatingIfNeeded: last),
            keyframeHeader: isKeyframe ? VP8KeyframeHeader(frame: data) : nil)
        completed[first] = Completed(frame: frame, last: last, completedAt: now)
    }

    /// Hands out complete frames in sequence order: at once when contiguous with the last one;
    /// a waiting key frame jumps the queue (it needs no earlier frame, and the frames it skips
    /// are dropped); otherwise the oldest goes out after `maxReorderDelay`.
    private mutating func release(now: Instant) -> [AssembledFrame] {
        var out: [AssembledFrame] = []
        while let first = completed.keys.min(), let entry = completed[first] {
            if let last = lastDelivered, first <= last {
                completed[first] = nil
                droppedFrames += 1
                continue
            }
            let contiguous = lastDelivered.map { first == $0 + 1 } ?? true
            if contiguous || now - entry.completedAt >= maxReorderDelay {
                deliver(first, entry, contiguous: contiguous, into: &out)
            } else if let key = completed.filter({ $0.value.frame.isKeyframe }).keys.min(), let keyframe = completed[key] {
                deliver(key, keyframe, contiguous: false, into: &out)
            } else {
                break
            }
        }
        return out
    }

    private mutating func deliver(_ first: Int64, _ entry: Completed, contiguous: Bool, into out: inout [AssembledFrame]) {
        completed[first] = nil
        var frame = entry.frame
        frame.followsGap = !contiguous
        out.append(frame)
        lastDelivered = entry.last
        if !contiguous {
            // Fragments of the skipped frames can no longer be used.
            let before = fragments.count
            fragments = fragments.filter { $0.key > entry.last }
            droppedPackets += before - fragments.count
            if fragments.isEmpty {
                oldestFragmentArrival = nil
                lowestFragment = nil
            }
        }
    }

    /// Drops fragments too old to finish. Scans only when the oldest one may have expired or
    /// fallen out of the window, so the common path costs nothing.
    private mutating func dropStale(now: Instant) {
        guard let oldest = oldestFragmentArrival, let lowestKey = lowestFragment else { return }
        if fragments.isEmpty {
            oldestFragmentArrival = nil
            lowestFragment = nil
            return
        }
        let cutoff = now - maxAge
        let lowest = (unwrapper.highestExtended ?? 0) - Int64(window)
        guard oldest <= cutoff || lowestKey <= lowest else { return }
        let before = fragments.count
        fragments = fragments.filter { key, fragment in fragment.arrival > cutoff && key > lowest }
        droppedPackets += before - fragments.count
        oldestFragmentArrival = fragments.values.map(\.arrival).min()
        lowestFragment = fragments.keys.min()
    }
}
