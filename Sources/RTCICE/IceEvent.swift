import RTCBase

/// What the agent tells its owner.
public enum IceEvent: Sendable, Equatable {
    /// A candidate to signal to the peer (trickle); `attributeValue` gives its SDP form.
    case localCandidate(Candidate)
    case gatheringComplete
    case connectionStateChanged(IceConnectionState)
    /// Media now flows from the socket bound to `local` to `remote`.
    case selectedPairChanged(local: TransportAddress, remote: TransportAddress)
}
