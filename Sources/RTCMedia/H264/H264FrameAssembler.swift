// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Rebuilds H.264 access units from RTP packets (packetization-mode 1: single NAL unit packets,
/// STAP-A and FU-A, RFC 6184 5.6-5.8) that may arrive reordered, duplicated or not at all, and
/// hands them out in sequence order and in Annex B form, as a decoder takes them. The contract is
/// `VP8FrameAssembler`'s:
///
/// - A frame is the packets of one RTP timestamp. It ends at the packet with the marker bit
///   (RFC 6184 5.1), or, for a sender that leaves the marker off, before the next sequence number
///   when that packet has another timestamp.
/// - H.264 has no start-of-frame bit. A frame starts after a packet known to belong to an earlier
///   frame (another timestamp, a marker, or the last frame handed out). When that packet is
///   missing, the start is inferred from the first packet's content: a NAL unit that only comes
///   before a picture's slices (delimiter, SEI, SPS, PPS) or a slice with `first_mb_in_slice` 0
///   (`H264RTPPayload.beginsAccessUnit`); lost packets before it could only have held SEI or
///   parameter sets, never part of the picture. A frame with an inferred start is never
///   "directly following" and waits `maxReorderDelay`, and if its missing predecessor arrives with
///   the same timestamp in that time the frame is rebuilt from the earlier start.
/// - A complete frame comes out at once when it directly follows the last frame handed out. A
///   keyframe (an IDR slice; `AssembledFrame.h264` tells whether SPS and PPS came with it) jumps
///   the queue, dropping the frames it skips, when it can be decoded alone: its start is known, or
///   it carries its SPS and PPS. Otherwise a frame waits up to `maxReorderDelay` for the frames
///   before it and then comes out with `followsGap` set. Frames that complete after a later frame
///   went out are dropped. Partial frames are dropped once older than `maxAge`.
/// - Malformed input never traps: a payload that does not parse (STAP-A sizes past its end,
///   interleaved-mode types, an empty FU-A) or has the forbidden bit set is counted in
///   `malformedPackets` and treated as lost; a frame whose FU-As do not form whole NAL units (a
///   fragment without its start, a start without its end) is counted in `malformedFrames` and
///   dropped. Memory is bounded by `window` packets.
///
/// Sans-IO: besides `insert`, call `poll(now:)` at `nextTimeout()` to release waiting frames.
public struct H264FrameAssembler: Sendable {
    struct Fragment: Sendable {
        var timestamp: UInt32
        var marker: Bool
        var payload: H264RTPPayload
        var beginsAccessUnit: Bool
        var size: Int
        var arrival: Instant
    }

    struct Completed: Sendable {
        var frame: AssembledFrame
        var last: Int64
        var completedAt: Instant
        /// Kept when the start was inferred, so a late packet before it can still join the frame.
        var inferredStartFragments: [Fragment]?
        var canJumpQueue: Bool { frame.isKeyframe && (inferredStartFragments == nil || frame.h264?.isSelfContained == true) }
    }

    /// How long a partial frame waits for its missing packets.
    public var maxAge: Duration
    /// How long a complete frame waits for missing frames before it.
    public var maxReorderDelay: Duration
    /// How far behind the newest sequence number a packet may arrive and still be used.
    public let window: Int
    /// Packets rejected because their payload did not parse or had the forbidden bit set.
    public private(set) var malformedPackets = 0
    /// Complete frames dropped because their fragmentation units did not form whole NAL units.
    public private(set) var malformedFrames = 0
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
    /// Packets rejected in a row as older than the stream (see `VP8FrameAssembler`).
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

    /// Adds one RTP packet of the H.264 stream; returns the frames now ready, oldest first.
    public mutating func insert(_ packet: RTPPacket, now: Instant) -> [AssembledFrame] {
        defer { dropStale(now: now) }
        guard let header = packet.payload.first else { return release(now: now) }  // padding-only probes carry no video
        guard let payload = try? H264RTPPayload(parsing: packet.payload),
              header & 0x80 == 0, !payload.hasForbiddenBit
        else {
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
        // A duplicate, or part of a frame that is already complete, out or skipped.
        guard fragments[sequence] == nil, lastDelivered.map({ sequence > $0 }) ?? true,
              !completed.contains(where: { ($0.key...$0.value.last).contains(sequence) })
        else { return release(now: now) }

        let timestamp = packet.timestamp
        fragments[sequence] = Fragment(
            timestamp: timestamp, marker: packet.marker, payload: payload, beginsAccessUnit: payload.beginsAccessUnit,
            size: packet.payload.count, arrival: now)
        if oldestFragmentArrival.map({ now < $0 }) ?? true { oldestFragmentArrival = now }
        if lowestFragment.map({ sequence < $0 }) ?? true { lowestFragment = sequence }

        // A late packet of an access unit whose start was guessed past it: take the frame apart
        // again, if the packet brings a start of its own.
        if let next = completed[sequence + 1], let parts = next.inferredStartFragments, next.frame.timestamp == timestamp,
           !packet.marker, frameStart(containing: sequence, timestamp: timestamp) != nil {
            completed[sequence + 1] = nil
            for (offset, fragment) in parts.enumerated() { fragments[sequence + 1 + Int64(offset)] = fragment }
        }
        completeFrame(around: sequence, now: now)
        // This packet may also end the frame before it (its timestamp changes where no marker was
        // seen) and fix the start of the one after it.
        if let previous = fragments[sequence - 1], previous.timestamp != timestamp {
            completeFrame(around: sequence - 1, now: now)
        }
        if let next = fragments[sequence + 1], next.timestamp != timestamp || packet.marker {
            completeFrame(around: sequence + 1, now: now)
        }
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

    /// Whether sequence number `sequence` is known to end a frame that is not `timestamp`'s.
    private func endsEarlierFrame(_ sequence: Int64, timestamp: UInt32) -> Bool {
        if let fragment = fragments[sequence] { return fragment.timestamp != timestamp || fragment.marker }
        if sequence == lastDelivered { return true }
        return completed.values.contains { $0.last == sequence }
    }

    /// The first packet of the frame holding `sequence`, and whether that start was inferred
    /// from content; nil while it cannot be placed.
    private func frameStart(containing sequence: Int64, timestamp: UInt32) -> (first: Int64, inferred: Bool)? {
        var first = sequence
        while let fragment = fragments[first], fragment.timestamp == timestamp {
            let previous = first - 1
            if endsEarlierFrame(previous, timestamp: timestamp) { return (first, false) }
            if fragments[previous] != nil {
                first = previous
                continue
            }
            return fragment.beginsAccessUnit ? (first, true) : nil
        }
        return nil
    }

    /// The last packet of the frame holding `sequence`; nil while it has not arrived.
    private func frameEnd(containing sequence: Int64, timestamp: UInt32) -> Int64? {
        var last = sequence
        while let fragment = fragments[last], fragment.timestamp == timestamp {
            if fragment.marker { return last }
            let next = last + 1
            if let following = fragments[next] {
                if following.timestamp != timestamp { return last }
                last = next
            } else if let following = completed[next], following.frame.timestamp != timestamp {
                return last
            } else {
                return nil
            }
        }
        return nil
    }

    /// On success moves the frame around `sequence` from `fragments` to `completed`.
    private mutating func completeFrame(around sequence: Int64, now: Instant) {
        guard let timestamp = fragments[sequence]?.timestamp,
              let (first, inferred) = frameStart(containing: sequence, timestamp: timestamp),
              let last = frameEnd(containing: sequence, timestamp: timestamp)
        else { return }
        var parts: [Fragment] = []
        parts.reserveCapacity(Int(last - first + 1))
        for index in first...last {
            if let fragment = fragments.removeValue(forKey: index) { parts.append(fragment) }
        }
        guard let (data, info) = Self.accessUnit(from: parts) else {
            malformedFrames += 1
            droppedPackets += parts.count
            return
        }
        let frame = AssembledFrame(
            data: data, timestamp: timestamp, isKeyframe: info.containsIDR, pictureID: nil,
            firstSequence: UInt16(truncatingIfNeeded: first), lastSequence: UInt16(truncatingIfNeeded: last),
            keyframeHeader: nil, h264: info)
        completed[first] = Completed(frame: frame, last: last, completedAt: now, inferredStartFragments: inferred ? parts : nil)
    }

    /// The access unit in Annex B form, or nil when the fragmentation units do not form whole NAL
    /// units (RFC 6184 5.8: the fragments of a NAL unit are consecutive, from S to E).
    static func accessUnit(from parts: [Fragment]) -> ([UInt8], H264AccessUnitInfo)? {
        var size = 0
        for part in parts { size += part.size + 8 }
        var data: [UInt8] = []
        data.reserveCapacity(size)
        var info = H264AccessUnitInfo()
        /// Where the NAL unit being rebuilt from FU-As starts in `data`.
        var openUnit: (start: Int, type: H264NALUnitType)?
        for part in parts {
            switch part.payload {
            case let .single(unit):
                guard openUnit == nil else { return nil }
                H264AnnexB.append(unit, to: &data)
                info.add(unit)
            case let .aggregation(units):
                guard openUnit == nil else { return nil }
                for unit in units {
                    H264AnnexB.append(unit, to: &data)
                    info.add(unit)
                }
            case let .fragment(fragment):
                if fragment.isStart {
                    guard openUnit == nil else { return nil }
                    data.append(contentsOf: H264AnnexB.startCode)
                    openUnit = (data.count, fragment.nalUnitHeader.type)
                    data.append(fragment.nalUnitHeader.byte)
                } else {
                    guard openUnit?.type == fragment.nalUnitHeader.type else { return nil }
                }
                data.append(contentsOf: fragment.data)
                if fragment.isEnd, let unit = openUnit {
                    info.add(data[unit.start...])
                    openUnit = nil
                }
            case .ignored:
                guard openUnit == nil else { return nil }
            }
        }
        guard openUnit == nil, info.nalUnitCount > 0 else { return nil }
        return (data, info)
    }

    /// Hands out complete frames in sequence order: at once when contiguous with the last one; a
    /// waiting keyframe that decodes alone jumps the queue (the frames it skips are dropped);
    /// otherwise the oldest goes out after `maxReorderDelay`.
    private mutating func release(now: Instant) -> [AssembledFrame] {
        var out: [AssembledFrame] = []
        while let first = completed.keys.min(), let entry = completed[first] {
            if let last = lastDelivered, first <= last {
                completed[first] = nil
                droppedFrames += 1
                continue
            }
            let contiguous = lastDelivered.map { first == $0 + 1 } ?? (entry.inferredStartFragments == nil)
            if contiguous || now - entry.completedAt >= maxReorderDelay {
                deliver(first, entry, contiguous: contiguous, into: &out)
            } else if let key = completed.filter({ $0.value.canJumpQueue }).keys.min(), let keyframe = completed[key] {
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
        // Nothing was handed out before the first frame, so nothing before it can be missing.
        frame.followsGap = !contiguous && lastDelivered != nil
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
