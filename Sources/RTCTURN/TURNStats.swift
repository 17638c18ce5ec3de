/// Counters a driver or a test reads to see what the client did.
public struct TURNStats: Sendable, Equatable {
    public var requestsSent = 0
    public var retransmissions = 0
    public var sendIndicationsSent = 0
    public var channelDataSent = 0
    public var payloadsReceived = 0
    /// Payloads dropped: queued for a peer whose permission failed, queue overflow, or sent after close.
    public var payloadsDropped = 0
    /// Input that was neither a well-formed STUN message nor ChannelData on a channel we bound.
    public var malformedReceived = 0
    /// Responses to no transaction of ours (late duplicates, mostly).
    public var unmatchedResponses = 0
    /// Success responses whose MESSAGE-INTEGRITY was missing or wrong.
    public var integrityFailures = 0

    public init() {}
}
