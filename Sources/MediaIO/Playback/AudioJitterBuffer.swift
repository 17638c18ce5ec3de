import RTCBase

/// Reorders one remote source's encoded audio packets and releases one per playout period, holding them
/// back by a delay that adapts to the jitter it observes.
///
/// Sans-IO: arrival times and the playout clock come in as `now`; the caller runs `pop(now:)` every
/// period (20 ms) and decodes what comes out, or runs the decoder's concealment on `.missing`.
///
/// How the delay adapts: the target is `frame + 3 × J`, clamped to [minimumDelay, maximumDelay], where J
/// is the RFC 3550 §6.4.1 interarrival jitter. When the buffer runs dry, `.missing` is returned without
/// advancing (the concealed frame stretches the delay by one period, so the late packet still plays);
/// when more than target + two frames are queued, the oldest packet is skipped to shrink the delay.
/// Packets are stored in a fixed ring of slots indexed by sequence number, so steady-state insert and
/// pop allocate nothing beyond the payloads the caller already made.
public struct AudioJitterBuffer: Sendable {
    public struct Configuration: Sendable {
        /// Audio per packet and per pop.
        public var frameDuration: Duration = .milliseconds(20)
        /// RTP clock rate of the timestamps (48 kHz for Opus).
        public var clockRate: Int = 48000
        public var minimumDelay: Duration = .milliseconds(40)
        public var maximumDelay: Duration = .milliseconds(200)
        /// Packets held at most; a packet further ahead than this restarts the buffer.
        public var capacity: Int = 64

        public init() {}
    }

    public enum Output: Equatable, Sendable {
        /// The next packet in order: decode it.
        case packet([UInt8])
        /// The next packet is lost or late: run the decoder's concealment (PLC/FEC) for one period.
        case missing
        /// Nothing to play yet (start-up buffering, or the source stopped sending): play silence.
        case notReady
    }

    public enum InsertResult: Equatable, Sendable {
        case accepted
        case duplicate
        /// Its turn has already passed.
        case late
    }

    public struct Statistics: Equatable, Sendable {
        public var received = 0
        public var played = 0
        /// `.missing` results: losses plus stretches.
        public var concealed = 0
        public var duplicates = 0
        public var late = 0
        /// Packets skipped to bring the delay back down to the target.
        public var droppedForLatency = 0
        /// Times the buffer started over (source stopped sending, or jumped far ahead).
        public var rebuffers = 0
    }

    private struct Slot {
        var sequence: Int64 = -1
        var payload: [UInt8] = []
        var arrival = Instant.zero
    }

    private enum State {
        /// Waiting for the first (or, after starvation, the next) packet to age by the target delay.
        case buffering
        case playing
    }

    public let configuration: Configuration
    public private(set) var statistics = Statistics()
    /// RFC 3550 interarrival jitter, in nanoseconds.
    public private(set) var jitterNanoseconds: Double = 0

    private var slots: [Slot]
    private var state = State.buffering
    /// Extended (unwrapped) sequence number of the next packet to play; nil before the first packet.
    private var nextSequence: Int64?
    private var highestSequence: Int64?
    private var lastArrival: (time: Instant, timestamp: UInt32)?
    /// Once true, packets behind the playout point are late rather than a new start.
    private var hasStartedPlaying = false
    /// Consecutive pops that found the buffer empty.
    private var emptyPops = 0

    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.capacity > 0 && configuration.frameDuration > .zero, "invalid jitter buffer configuration")
        self.configuration = configuration
        slots = Array(repeating: Slot(), count: configuration.capacity)
    }

    /// The delay the buffer currently aims to hold.
    public var targetDelay: Duration {
        let frame = configuration.frameDuration.nanosecondsClamped
        let wanted = Int64(Double(frame) + 3 * jitterNanoseconds)
        let low = configuration.minimumDelay.nanosecondsClamped, high = configuration.maximumDelay.nanosecondsClamped
        return .nanoseconds(min(max(wanted, low), high))
    }

    /// Packets queued from the playout point on (including gaps), times the frame duration.
    public var bufferedDuration: Duration {
        guard let next = nextSequence, let highest = highestSequence, highest >= next else { return .zero }
        return configuration.frameDuration * Int(highest - next + 1)
    }

    /// Adds a packet that arrived at `now`.
    @discardableResult
    public mutating func insert(sequenceNumber: UInt16, timestamp: UInt32, payload: [UInt8], now: Instant) -> InsertResult {
        let sequence = unwrap(sequenceNumber)
        let index = slotIndex(sequence)
        if slots[index].sequence == sequence {
            statistics.duplicates += 1
            return .duplicate
        }
        let capacity = Int64(configuration.capacity)
        if let next = nextSequence, sequence - next >= capacity {
            // The stream jumped (sender restarted, long outage): start over, and do not take the jump
            // in timestamps for jitter.
            restart()
        }
        // Late packets count towards the jitter too: they are the clearest sign the delay is too short.
        updateJitter(timestamp: timestamp, now: now)
        if let next = nextSequence, sequence < next, hasStartedPlaying {
            statistics.late += 1
            return .late
        }
        if let highest = highestSequence, highest - sequence >= capacity {
            // So far behind the newest that its slot belongs to a newer packet.
            statistics.late += 1
            return .late
        }
        statistics.received += 1
        slots[index] = Slot(sequence: sequence, payload: payload, arrival: now)
        if highestSequence.map({ sequence > $0 }) ?? true { highestSequence = sequence }
        // Until the first packet plays, an earlier one arriving late simply becomes the start.
        if nextSequence.map({ sequence < $0 }) ?? true { nextSequence = sequence }
        return .accepted
    }

    /// What to play for the period starting at `now`.
    public mutating func pop(now: Instant) -> Output {
        if state == .buffering {
            // Start (or restart after starvation) from the earliest packet held, once it has aged by the target.
            guard let earliest = earliestBuffered(), now - earliest.arrival >= targetDelay else { return .notReady }
            nextSequence = earliest.sequence
            state = .playing
            hasStartedPlaying = true
            emptyPops = 0
        }
        shrinkIfAboveTarget()
        guard let current = nextSequence else { return .notReady }
        let index = slotIndex(current)
        if slots[index].sequence == current {
            let payload = slots[index].payload
            slots[index] = Slot()
            nextSequence = current + 1
            emptyPops = 0
            statistics.played += 1
            return .packet(payload)
        }
        if let highest = highestSequence, highest > current {
            // A later packet is here, so this one is lost (or later than we can wait): conceal and move on.
            nextSequence = current + 1
            statistics.concealed += 1
            return .missing
        }
        // Empty: conceal without moving, so a merely delayed packet still plays and the delay grows.
        emptyPops += 1
        if configuration.frameDuration * emptyPops > configuration.maximumDelay {
            // The source stopped sending (muted, DTX, gone): stop concealing and wait for it afresh.
            state = .buffering
            statistics.rebuffers += 1
            return .notReady
        }
        statistics.concealed += 1
        return .missing
    }

    /// The packet that plays next, if it has arrived. After a `.missing` for a lost packet this is the one
    /// that follows it, whose Opus in-band FEC can rebuild the lost audio (decode it with FEC on, then
    /// normally on the next pop).
    public func peekNext() -> [UInt8]? {
        guard state == .playing, let next = nextSequence else { return nil }
        let slot = slots[slotIndex(next)]
        return slot.sequence == next ? slot.payload : nil
    }

    /// Skips the oldest packets at once when more than target + two frames are queued: one jump is
    /// less audible than a run of shortened periods, and bursts after a network stall are the usual cause.
    private mutating func shrinkIfAboveTarget() {
        let limit = targetDelay + configuration.frameDuration * 2
        while bufferedDuration > limit, let next = nextSequence {
            let index = slotIndex(next)
            if slots[index].sequence == next { statistics.droppedForLatency += 1 }
            slots[index] = Slot()
            nextSequence = next + 1
        }
    }

    private func earliestBuffered() -> Slot? {
        var earliest: Slot?
        for slot in slots where slot.sequence >= 0 && slot.sequence >= (nextSequence ?? 0) {
            if earliest.map({ slot.sequence < $0.sequence }) ?? true { earliest = slot }
        }
        return earliest
    }

    private mutating func restart() {
        for index in slots.indices { slots[index] = Slot() }
        nextSequence = nil
        highestSequence = nil
        lastArrival = nil
        hasStartedPlaying = false
        state = .buffering
        statistics.rebuffers += 1
    }

    private mutating func updateJitter(timestamp: UInt32, now: Instant) {
        defer { lastArrival = (now, timestamp) }
        guard let last = lastArrival else { return }
        let arrivalDelta = Double((now - last.time).nanosecondsClamped)
        let mediaDelta = Double(Int32(bitPattern: timestamp &- last.timestamp)) * 1e9 / Double(configuration.clockRate)
        // Clamped so that one wildly reordered or mis-stamped packet cannot throw the target to its maximum.
        let deviation = min(abs(arrivalDelta - mediaDelta), Double(configuration.maximumDelay.nanosecondsClamped))
        jitterNanoseconds += (deviation - jitterNanoseconds) / 16
    }

    /// Extends a 16-bit sequence number to the one nearest the highest seen (RFC 3550 Appendix A.1 idea).
    private func unwrap(_ sequence: UInt16) -> Int64 {
        guard let reference = highestSequence ?? nextSequence else { return Int64(sequence) + 65536 }
        let delta = Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: reference))
        return reference + Int64(delta)
    }

    private func slotIndex(_ sequence: Int64) -> Int {
        // Extended numbers stay positive (they start at 65536 and the reference only grows), but a
        // negative one must still never index out of the ring.
        let capacity = Int64(configuration.capacity)
        return Int((sequence % capacity + capacity) % capacity)
    }
}
