import RTCBase

/// Groups acknowledged packets into bursts and measures each burst against the one before it
/// (draft-ietf-rmcat-gcc-02 5.2, pre-filtering): how much later it was sent, how much later it
/// arrived. A frame's packets leave the pacer back to back, so comparing single packets would
/// mostly measure pacing; comparing groups measures the queue.
public struct InterArrival: Sendable {
    /// The change from one complete group to the next.
    public struct Delta: Equatable, Sendable {
        public var sendDelta: Duration
        public var arrivalDelta: Duration
        /// The later group's arrival, on the receiver's clock.
        public var arrival: Duration
        public var sizeDelta: Int
    }

    struct Group: Sendable {
        var firstSendTime: Instant
        var lastSendTime: Instant
        var firstArrival: Duration
        var lastArrival: Duration
        var size: Int
    }

    /// Packets sent within this span of a group's first packet belong to it.
    public static let groupSpan: Duration = .milliseconds(5)
    /// A packet arriving this soon after the group's last one, with less queueing than its send
    /// gap, came in the same burst off the queue (a delayed group released at once).
    static let burstSpan: Duration = .milliseconds(5)
    /// An arrival this far from the last one means the clock or the path changed: start over.
    static let arrivalJumpLimit: Duration = .seconds(3)

    private var current: Group?
    private var previous: Group?

    public init() {}

    /// Takes one received packet, in send order, and returns a delta when it completes a group.
    public mutating func add(sendTime: Instant, arrival: Duration, size: Int) -> Delta? {
        guard var group = current else {
            current = Group(firstSendTime: sendTime, lastSendTime: sendTime, firstArrival: arrival,
                            lastArrival: arrival, size: size)
            return nil
        }
        // Reordered on the way out (a retransmission queued earlier): it says nothing of the queue.
        if sendTime < group.firstSendTime { return nil }
        if abs((arrival - group.lastArrival).nanosecondsClamped) > Self.arrivalJumpLimit.nanosecondsClamped {
            self = InterArrival()
            return add(sendTime: sendTime, arrival: arrival, size: size)
        }
        if belongs(sendTime: sendTime, arrival: arrival, to: group) {
            group.lastSendTime = max(group.lastSendTime, sendTime)
            group.lastArrival = max(group.lastArrival, arrival)
            group.size += size
            current = group
            return nil
        }
        var delta: Delta?
        if let previous {
            delta = Delta(sendDelta: group.lastSendTime - previous.lastSendTime,
                          arrivalDelta: group.lastArrival - previous.lastArrival,
                          arrival: group.lastArrival, sizeDelta: group.size - previous.size)
        }
        previous = group
        current = Group(firstSendTime: sendTime, lastSendTime: sendTime, firstArrival: arrival,
                        lastArrival: arrival, size: size)
        return delta
    }

    private func belongs(sendTime: Instant, arrival: Duration, to group: Group) -> Bool {
        if sendTime - group.firstSendTime <= Self.groupSpan { return true }
        let arrivalGap = arrival - group.lastArrival
        let sendGap = sendTime - group.lastSendTime
        return arrivalGap < Self.burstSpan && arrivalGap - sendGap < .zero
    }
}
