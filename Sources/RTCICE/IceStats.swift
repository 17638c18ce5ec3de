/// Counters for diagnostics and the stats view.
public struct IceStats: Sendable, Equatable {
    /// STUN Binding requests sent, retransmissions included.
    public var requestsSent = 0
    public var requestsReceived = 0
    public var responsesSent = 0
    public var responsesReceived = 0
    public var retransmissions = 0
    /// Datagrams handed to the agent that were not valid STUN.
    public var malformedReceived = 0
    /// The latest round-trip time on the selected pair, from transactions that were not retransmitted
    /// (Karn's rule: a response to a retransmitted request cannot say which copy it answers).
    public var roundTripTime: Duration?

    public init() {}
}
