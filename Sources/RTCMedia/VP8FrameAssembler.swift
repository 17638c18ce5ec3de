// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Rebuilds VP8 frames from RTP packets that may arrive reordered, duplicated or not at all.
///
/// A frame is complete when the packet that starts it (S = 1, PID = 0), every following sequence
/// number with the same timestamp, and the packet with the marker bit are all present
/// (RFC 7741 4.4, 4.5). Complete frames come out as soon as their last missing packet arrives;
/// partial frames are dropped once older than `maxAge` or further back than `window` packets.
public struct VP8FrameAssembler: Sendable {
    struct Fragment: Sendable {
        var timestamp: UInt32
        var marker: Bool
        var startsFrame: Bool
        var pictureID: UInt16?
        var data: ArraySlice<UInt8>
        var arrival: Instant
    }

    /// How long a partial frame waits for its missing packets.
    public var maxAge: Duration
    /// How far behind the newest sequence number a packet may arrive and still be used.
    public let window: Int
    /// Packets rejected because their VP8 payload descriptor did not parse.
    public private(set) var malformedPackets = 0
    /// Buffered packets dropped because their frame never completed in time.
    public private(set) var droppedPackets = 0

    private var unwrapper = SequenceNumberUnwrapper()
    private var fragments: [Int64: Fragment] = [:]
    /// Ring of recently delivered sequence numbers (slot = sequence mod its size), so duplicates
    /// of an emitted frame do not start a phantom partial frame.
    private var delivered: [Int64]
    private var oldestFragmentArrival: Instant?
    /// Lowest buffered sequence number, or lower (it may name a fragment already removed).
    private var lowestFragment: Int64?

    public init(maxAge: Duration = .seconds(1), window: Int = 1024) {
        self.maxAge = maxAge
        var size = 1
        while size < max(window, 16) { size <<= 1 }
        self.window = size
        delivered = Array(repeating: -1, count: size)
    }

    /// Packets waiting for the rest of their frame.
    public var bufferedPackets: Int { fragments.count }

    /// Adds one RTP packet of the VP8 stream; returns the frame it completes, if any.
    public mutating func insert(_ packet: RTPPacket, now: Instant) -> [AssembledFrame] {
        guard !packet.payload.isEmpty else { return [] }  // padding-only probes carry no video
        let descriptor: VP8PayloadDescriptor
        let size: Int
        do {
            (descriptor, size) = try VP8PayloadDescriptor.parse(packet.payload)
        } catch {
            malformedPackets += 1
            return []
        }
        let sequence = unwrapper.unwrap(packet.sequenceNumber)
        let newest = unwrapper.highestExtended ?? sequence
        defer { dropStale(now: now, newest: newest) }
        guard sequence > newest - Int64(window), fragments[sequence] == nil, !wasDelivered(sequence) else { return [] }

        fragments[sequence] = Fragment(
            timestamp: packet.timestamp, marker: packet.marker, startsFrame: descriptor.isStartOfFrame,
            pictureID: descriptor.pictureID, data: packet.payload.dropFirst(size), arrival: now)
        if oldestFragmentArrival.map({ now < $0 }) ?? true { oldestFragmentArrival = now }
        if lowestFragment.map({ sequence < $0 }) ?? true { lowestFragment = sequence }
        guard let frame = completeFrame(around: sequence, timestamp: packet.timestamp) else { return [] }
        return [frame]
    }

    private func wasDelivered(_ sequence: Int64) -> Bool {
        delivered[slot(sequence)] == sequence
    }

    private func slot(_ sequence: Int64) -> Int {
        Int(truncatingIfNeeded: sequence) & (window - 1)
    }

    /// Looks back for the frame's start and forward for its marker; on success removes the
    /// packets and returns the frame.
    private mutating func completeFrame(around sequence: Int64, timestamp: UInt32) -> AssembledFrame? {
        var first = sequence
        while true {
            guard let fragment = fragments[first], fragment.timestamp == timestamp else { return nil }
            if fragment.startsFrame { break }
            first -= 1
        }
        var last = sequence
        while true {
            guard let fragment = fragments[last], fragment.timestamp == timestamp else { return nil }
            if fragment.marker { break }
            last += 1
        }
        // The backward walk stopped at the first start bit; a start bit after `sequence` means two
        // frames share a timestamp, so the range is not one frame.
        if last > sequence, (sequence + 1...last).contains(where: { fragments[$0]?.startsFrame == true }) { return nil }

        var data: [UInt8] = []
        data.reserveCapacity((first...last).reduce(0) { $0 + (fragments[$1]?.data.count ?? 0) })
        var pictureID: UInt16?
        for index in first...last {
            guard let fragment = fragments.removeValue(forKey: index) else { continue }
            if index == first { pictureID = fragment.pictureID }
            data.append(contentsOf: fragment.data)
            delivered[slot(index)] = index
        }
        let isKeyframe = VP8KeyframeHeader.isKeyframe(data)
        return AssembledFrame(
            data: data, timestamp: timestamp, isKeyframe: isKeyframe, pictureID: pictureID,
            firstSequence: UInt16(truncatingIfNeeded: first), lastSequence: UInt16(truncatingIfNeeded: last),
            keyframeHeader: isKeyframe ? VP8KeyframeHeader(frame: data) : nil)
    }

    /// Drops fragments too old to finish. Scans only when the oldest one may have expired or
    /// fallen out of the window, so the common path costs nothing.
    private mutating func dropStale(now: Instant, newest: Int64) {
        guard let oldest = oldestFragmentArrival, let lowestKey = lowestFragment else { return }
        if fragments.isEmpty {
            oldestFragmentArrival = nil
            lowestFragment = nil
            return
        }
        let cutoff = now - maxAge
        let lowest = newest - Int64(window)
        guard oldest <= cutoff || lowestKey <= lowest else { return }
        let before = fragments.count
        fragments = fragments.filter { key, fragment in fragment.arrival > cutoff && key > lowest }
        droppedPackets += before - fragments.count
        oldestFragmentArrival = fragments.values.map(\.arrival).min()
        lowestFragment = fragments.keys.min()
    }
}
