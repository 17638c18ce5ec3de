// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Receiver side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// records when each transport-wide sequence number arrived and turns what is new into
/// `TransportFeedback` messages for the sender's estimator.
///
/// Each call of `makeFeedback` reports from the sequence number after the last one reported up to
/// the newest packet; missing packets in that range are reported as not received. A packet that
/// arrives after it was reported missing (or any packet older than the last one reported) moves
/// the start of the next report back to it, so the next message repeats the packets from there on
/// with their arrival times: a sender keeps what it learned, and now learns of the late one too.
/// This is what libwebrtc's receiver does.
///
/// To allow that, reported packets are kept for `maxAge` after the newest arrival; one older than
/// everything kept (so at least `maxAge` late) is ignored, since neither a duplicate nor the
/// packets around it could be told apart any longer. At most `maxPackets` are kept: beyond that
/// the oldest go even if unreported (the driver is then not asking for feedback).
///
/// A message ends, and the next begins with a reference time of its own, when the next delta does
/// not fit 16 bits (more than 8.19 s from the previous packet, or 8.192 s back), when the message
/// would exceed `maxMessageSize` bytes serialized, or at a gap of more than `maxGap` missing
/// sequence numbers. Such a gap is a jump in the sender's numbering, not loss (at 1,000 packets/s
/// it is 8 s of total loss, longer than a delta reaches): its numbers are not reported at all.
///
/// The driver calls `makeFeedback` on a timer while `hasUnreportedPackets`; see
/// `recommendedInterval(forBitrate:)`.
public struct TransportFeedbackRecorder: Sendable {
    struct Arrival: Sendable {
        var sequence: Int64
        var time: Instant
    }

    /// More missing sequence numbers than one run-length chunk holds end the message.
    public static let maxGap = PacketStatusChunkEncoder.maxRunLength

    public var maxAge: Duration
    public var maxPackets: Int
    public var maxMessageSize: Int

    private var unwrapper = SequenceNumberUnwrapper()
    /// Sorted by sequence, no duplicates; the live ones start at `head` (the front is dropped in
    /// batches, so trimming costs O(1) a packet).
    private var arrivals: [Arrival] = []
    private var head = 0
    /// Everything below is forgotten; packets arriving for it are ignored.
    private var historyStart: Int64?
    /// Where the next feedback starts: after the last sequence reported, or a late packet.
    private var reportFrom: Int64?
    private var feedbackPacketCount: UInt8 = 0

    public init(maxAge: Duration = .milliseconds(500), maxPackets: Int = 8192, maxMessageSize: Int = 1200) {
        self.maxAge = maxAge
        self.maxPackets = max(1, maxPackets)
        self.maxMessageSize = maxMessageSize
        arrivals.reserveCapacity(1024)
    }

    /// True when a packet arrived that no message has reported yet.
    public var hasUnreportedPackets: Bool {
        guard let reportFrom, head < arrivals.count, let last = arrivals.last else { return false }
        return last.sequence >= reportFrom
    }

    /// Packets held, reported or not (for tests and memory checks).
    var storedCount: Int { arrivals.count - head }

    /// The feedback interval libwebrtc uses: feedback may take 5% of `bitsPerSecond` (the rate the
    /// media arrives at), counting 68 bytes a message on the wire (IPv4, UDP, SRTP and an average
    /// message), within 50...250 ms. That is 50 ms from about 218 kbit/s up, 250 ms below 44 kbit/s.
    /// A fixed 50 ms is also fine: a message costs about 0.1% of a 1 Mbit/s stream.
    public static func recommendedInterval(forBitrate bitsPerSecond: Int) -> Duration {
        let minimum: Int64 = 50_000, maximum: Int64 = 250_000
        guard bitsPerSecond > 0 else { return .microseconds(maximum) }
        // 68 bytes × 8 bits / (0.05 × bitrate) seconds, in microseconds.
        let interval = 10_880_000_000 / Int64(bitsPerSecond)
        return .microseconds(min(max(interval, minimum), maximum))
    }

    // MARK: Recording

    /// Records the arrival of the packet carrying transport-wide `sequenceNumber`. Duplicates keep
    /// the first arrival; reordering is fine.
    public mutating func record(sequenceNumber: UInt16, arrival: Instant) {
        let sequence = unwrapper.unwrap(sequenceNumber)
        if let historyStart, sequence < historyStart { return }
        if head < arrivals.count, let last = arrivals.last, sequence <= last.sequence {
            let index = insertionIndex(of: sequence)
            if index < arrivals.count, arrivals[index].sequence == sequence { return }
            arrivals.insert(Arrival(sequence: sequence, time: arrival), at: index)
        } else {
            arrivals.append(Arrival(sequence: sequence, time: arrival))
        }
        if reportFrom.map({ sequence < $0 }) ?? true { reportFrom = sequence }
        forgetReported(before: arrival - maxAge)
        while storedCount > maxPackets { forgetFirst() }
        compact()
    }

    /// The first live index whose sequence is `sequence` or more.
    private func insertionIndex(of sequence: Int64) -> Int {
        var low = head, high = arrivals.count
        while low < high {
            let middle = (low + high) / 2
            if arrivals[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Drops reported packets that arrived before `cutoff`, oldest sequence first.
    private mutating func forgetReported(before cutoff: Instant) {
        guard let reportFrom else { return }
        while head < arrivals.count, arrivals[head].sequence < reportFrom, arrivals[head].time < cutoff {
            forgetFirst()
        }
    }

    private mutating func forgetFirst() {
        let sequence = arrivals[head].sequence
        head += 1
        historyStart = sequence + 1
        if let reportFrom, reportFrom <= sequence { self.reportFrom = sequence + 1 }
    }

    private mutating func compact() {
        if head >= 1024, head * 2 >= arrivals.count {
            arrivals.removeFirst(head)
            head = 0
        }
    }

    // MARK: Feedback

    /// Everything recorded since the last call, as one or more messages (empty when nothing new
    /// arrived). `now` only ages out history.
    public mutating func makeFeedback(senderSSRC: UInt32, mediaSSRC: UInt32, now: Instant) -> [TransportFeedback] {
        guard hasUnreportedPackets, var base = reportFrom else { return [] }
        var index = insertionIndex(of: base)
        var messages: [TransportFeedback] = []
        while index < arrivals.count {
            if arrivals[index].sequence - base > Int64(Self.maxGap) { base = arrivals[index].sequence }
            let (message, next, nextIndex) = makeMessage(from: base, index: index, senderSSRC: senderSSRC, mediaSSRC: mediaSSRC)
            messages.append(message)
            base = next
            index = nextIndex
        }
        reportFrom = base
        forgetReported(before: now - maxAge)
        compact()
        return messages
    }

    /// One message from sequence `base` on, starting with the packet at `index` (at most `maxGap`
    /// after `base`). Returns the sequence after its last status and the index of the first packet
    /// left out.
    private mutating func makeMessage(from base: Int64, index start: Int, senderSSRC: UInt32,
                                      mediaSSRC: UInt32) -> (TransportFeedback, Int64, Int) {
        // The reference time is the first arrival rounded down to 64 ms, so its delta is 0...255.
        let referenceTicks = floorDivide(arrivals[start].time.nanoseconds, 64_000_000)
        var previousTicks = referenceTicks * 256
        var statuses: [TransportFeedback.PacketStatus] = []
        var encoder = PacketStatusChunkEncoder(keepsChunks: false)
        var deltaBytes = 0
        var next = base
        var index = start
        while index < arrivals.count {
            let packet = arrivals[index]
            let gap = Int(packet.sequence - next)
            let isFirst = statuses.isEmpty
            if !isFirst, gap > Self.maxGap || statuses.count + gap + 1 > TransportFeedback.maxStatusCount { break }
            // Rounding each arrival down (not each delta) keeps every reported time within
            // 250 µs of the truth however many deltas add up.
            let ticks = floorDivide(packet.time.nanoseconds, 250_000)
            let delta = ticks - previousTicks
            guard delta >= Int64(TransportFeedback.deltaRange.lowerBound), delta <= Int64(TransportFeedback.deltaRange.upperBound) else { break }
            let status = TransportFeedback.PacketStatus.received(delta: Int32(delta))
            let symbol = TransportFeedback.symbol(for: status)
            var trial = encoder
            trial.append(PacketStatusChunkEncoder.notReceived, count: gap)
            trial.append(symbol)
            let size = TransportFeedback.serializedSize(chunkBytes: trial.encodedSize, deltaBytes: deltaBytes + Int(symbol))
            if !isFirst, size > maxMessageSize { break }
            encoder = trial
            deltaBytes += Int(symbol)
            statuses.append(contentsOf: repeatElement(.notReceived, count: gap))
            statuses.append(status)
            previousTicks = ticks
            next = packet.sequence + 1
            index += 1
        }
        let message = TransportFeedback(
            senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, baseSequenceNumber: UInt16(truncatingIfNeeded: base),
            // 24 bits, wrapping like libwebrtc's: the sender compares reference times modulo 2^24.
            referenceTime: Int32(truncatingIfNeeded: (referenceTicks << 40) >> 40),
            feedbackPacketCount: feedbackPacketCount, statuses: statuses)
        feedbackPacketCount &+= 1
        return (message, next, index)
    }

    private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
