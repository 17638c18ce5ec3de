import RTCBase
import RTCMedia

/// The sender's record of transport-wide sequence numbers: numbers each packet as it leaves, and
/// pairs a receiver's feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1) with what
/// was sent, so each acknowledged packet has a send time, a size and an arrival time.
public struct TransportFeedbackAdapter: Sendable {
    struct Slot: Sendable {
        var packet: SentPacket
        /// Reported received once: a later report of the same packet is a duplicate.
        var acknowledged = false
        var reportedLost = false
    }

    /// Packets remembered; at 1,000 packets a second, 8 s of history.
    static let capacity = 8192
    private var slots: [Slot?]
    private var nextSequence: Int64

    public init(initialSequence: UInt16 = 1) {
        slots = Array(repeating: nil, count: Self.capacity)
        nextSequence = Int64(initialSequence)
    }

    /// The number the next packet carries on the wire.
    public var nextWireSequence: UInt16 { UInt16(truncatingIfNeeded: nextSequence) }

    /// Records a packet leaving now and returns the 16-bit number it must carry.
    public mutating func packetSent(size: Int, now: Instant, isRetransmission: Bool = false) -> UInt16 {
        let packet = SentPacket(sequenceNumber: nextSequence, size: size, sendTime: now, isRetransmission: isRetransmission)
        slots[Int(nextSequence % Int64(Self.capacity))] = Slot(packet: packet)
        nextSequence += 1
        return UInt16(truncatingIfNeeded: packet.sequenceNumber)
    }

    /// The outcome of every packet the feedback names that is still remembered, in send order.
    /// Packets reported again (received after a report of loss, or twice) come back only when the
    /// news is new: a first arrival.
    public mutating func results(from feedback: TransportFeedback) -> (results: [PacketResult], newlyLost: Int) {
        var results: [PacketResult] = []
        results.reserveCapacity(feedback.statuses.count)
        var newlyLost = 0
        var sequence = unwrap(feedback.baseSequenceNumber)
        var arrival = Duration.milliseconds(Int64(feedback.referenceTime) * 64)
        for status in feedback.statuses {
            defer { sequence += 1 }
            var received: Duration?
            if case let .received(delta) = status {
                arrival += .microseconds(Int64(delta) * 250)
                received = arrival
            }
            let index = Int(((sequence % Int64(Self.capacity)) + Int64(Self.capacity)) % Int64(Self.capacity))
            guard sequence < nextSequence, var slot = slots[index], slot.packet.sequenceNumber == sequence else { continue }
            if let received {
                guard !slot.acknowledged else { continue }
                slot.acknowledged = true
                results.append(PacketResult(sent: slot.packet, arrival: received))
            } else {
                guard !slot.acknowledged, !slot.reportedLost else { continue }
                slot.reportedLost = true
                newlyLost += 1
                results.append(PacketResult(sent: slot.packet, arrival: nil))
            }
            slots[index] = slot
        }
        return (results, newlyLost)
    }

    /// The unwrapped number nearest to what was last sent.
    private func unwrap(_ wire: UInt16) -> Int64 {
        let last = nextSequence - 1
        let delta = Int64(Int16(bitPattern: wire &- UInt16(truncatingIfNeeded: last)))
        return last + delta
    }
}
