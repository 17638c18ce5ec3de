import KaamosWire

/// What the signaling server asks of the media engine (the SFU). The server owns the WebSocket and
/// the room; the router owns the peer connections and the forwarding of RTP between them.
///
/// The protocol lives in KaamosServer and KaamosNode implements it with the SFU, so that neither the
/// server nor the SFU depends on the other.

/// A message the router sends to one client through the signaling channel.
public enum MediaSignal: Sendable, Equatable {
    case offer(sdp: String)
    case candidate(candidate: String, sdpMid: String?, sdpMLineIndex: Int?)
}

/// Totals since the router started, exported as Prometheus counters.
public struct MediaCounters: Sendable {
    public var forwardedPackets: Int64
    public var forwardedBytes: Int64

    public init(forwardedPackets: Int64 = 0, forwardedBytes: Int64 = 0) {
        self.forwardedPackets = forwardedPackets
        self.forwardedBytes = forwardedBytes
    }
}

public protocol MediaRouting: Sendable {
    /// A participant joined `roomID`; the router sends it offers and candidates through `signal`.
    func addParticipant(roomID: String, participantID: String, signal: @escaping @Sendable (MediaSignal) -> Void)
    /// The client's offer (its own audio/video); returns the answer SDP. Throws an error whose description is one sentence for bad SDP.
    func handleOffer(participantID: String, sdp: String) throws -> String
    func handleAnswer(participantID: String, sdp: String) throws
    func handleCandidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?) throws
    func removeParticipant(participantID: String)
    /// Admin mute: stop (or resume) forwarding these kinds from this participant.
    func setForwarding(participantID: String, audio: Bool, video: Bool)
    func statistics(participantID: String) -> MediaStatistics?
    var counters: MediaCounters { get }
}

extension MediaCounters: Equatable {}
