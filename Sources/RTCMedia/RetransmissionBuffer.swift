// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Sender side of NACK repair: the last `capacity` RTP packets by sequence number, so a NACKed
/// packet can be sent again (RFC 4585 6.2.1, RFC 4588).
///
/// Slots are indexed by sequence number modulo a power of two that divides 65536, so a window of
/// consecutive sequence numbers never collides, even across the wrap.
public struct RetransmissionBuffer: Sendable {
    struct Slot: Sendable {
        var sequence: UInt16
        var storedAt: Instant
        var bytes: [UInt8]
        var resentAt: Instant?
    }

    /// Packets kept: the requested capacity rounded up to a power of two (at most 32768).
    public let capacity: Int
    /// Packets older than this are not resent; a late retransmission only wastes bandwidth.
    public var maxAge: Duration
    private var slots: [Slot?]

    /// 1024 packets hold about a second of 1 Mbit/s video in 1200-byte packets.
    public init(capacity: Int = 1024, maxAge: Duration = .seconds(1)) {
        var size = 1
        while size < min(max(capacity, 1), 32768) { size <<= 1 }
        self.capacity = size
        self.maxAge = maxAge
        slots = Array(repeating: nil, count: size)
    }

    /// Stores a serialized RTP packet under its sequence number; ignores bytes that are not RTP.
    public mutating func store(_ packet: [UInt8], now: Instant) {
        guard let header = RTPHeaderPeek(packet) else { return }
        store(packet, sequenceNumber: header.sequenceNumber, now: now)
    }

    public mutating func store(_ packet: [UInt8], sequenceNumber: UInt16, now: Instant) {
        slots[Int(sequenceNumber) & (capacity - 1)] = Slot(sequence: sequenceNumber, storedAt: now, bytes: packet)
    }

    /// The stored packet with this sequence number, if it is still held.
    public func packet(for sequence: UInt16) -> [UInt8]? {
        guard let slot = slots[Int(sequence) & (capacity - 1)], slot.sequence == sequence else { return nil }
        return slot.bytes
    }

    /// Same, but nil when the packet is older than `maxAge`.
    public func packet(for sequence: UInt16, now: Instant) -> [UInt8]? {
        guard let slot = slots[Int(sequence) & (capacity - 1)], slot.sequence == sequence,
              now - slot.storedAt <= maxAge else { return nil }
        return slot.bytes
    }

    /// The stored packet to send again now, or nil when it is gone, too old, or was already resent
    /// within `minimumInterval` (a receiver that NACKs again before our copy could reach it would
    /// otherwise get each retransmission twice: a storm on a link that is already losing packets).
    public mutating func resend(_ sequence: UInt16, minimumInterval: Duration, now: Instant) -> [UInt8]? {
        let index = Int(sequence) & (capacity - 1)
        guard var slot = slots[index], slot.sequence == sequence, now - slot.storedAt <= maxAge else { return nil }
        if let resentAt = slot.resentAt, now - resentAt < minimumInterval { return nil }
        slot.resentAt = now
        slots[index] = slot
        return slot.bytes
    }

    /// The stored packets a NACK asks for, in its order, skipping those no longer held or too old.
    public func packets(for nack: GenericNACK, now: Instant) -> [[UInt8]] {
        nack.lostSequenceNumbers.compactMap { packet(for: $0, now: now) }
    }
}
