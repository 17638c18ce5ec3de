import RTCBase

/// What one direction of an emulated link did with the datagrams offered to it, since it was made.
/// Every offered datagram ends up in exactly one of delivered, dropped by the queue, lost, or
/// still in flight (`offered - delivered - queueDropped - lost`).
public struct LinkCounters: Sendable, Equatable {
    public var offeredPackets = 0
    public var offeredBytes = 0
    public var deliveredPackets = 0
    public var deliveredBytes = 0
    /// Refused by the full queue (drop-tail).
    public var queueDroppedPackets = 0
    public var queueDroppedBytes = 0
    /// Through the queue and the bottleneck, then lost at random.
    public var lostPackets = 0
    public var lostBytes = 0
    /// The longest wait in the queue any accepted datagram had before its turn at the bottleneck.
    public var maximumQueueDelay = Duration.zero

    public init() {}

    /// Datagrams accepted and not yet delivered (waiting, being serialized, or propagating).
    public var inFlightPackets: Int { offeredPackets - deliveredPackets - queueDroppedPackets - lostPackets }

    /// Both sets added up: the totals of several links (one per attempt of a call, or per peer).
    public static func + (lhs: LinkCounters, rhs: LinkCounters) -> LinkCounters {
        var sum = LinkCounters()
        sum.offeredPackets = lhs.offeredPackets + rhs.offeredPackets
        sum.offeredBytes = lhs.offeredBytes + rhs.offeredBytes
        sum.deliveredPackets = lhs.deliveredPackets + rhs.deliveredPackets
        sum.deliveredBytes = lhs.deliveredBytes + rhs.deliveredBytes
        sum.queueDroppedPackets = lhs.queueDroppedPackets + rhs.queueDroppedPackets
        sum.queueDroppedBytes = lhs.queueDroppedBytes + rhs.queueDroppedBytes
        sum.lostPackets = lhs.lostPackets + rhs.lostPackets
        sum.lostBytes = lhs.lostBytes + rhs.lostBytes
        sum.maximumQueueDelay = max(lhs.maximumQueueDelay, rhs.maximumQueueDelay)
        return sum
    }
}
