import RTCBase

/// One entry of the checklist (RFC 8445 section 6.1.2). The local side is always a base (the address
/// of a socket we own): server-reflexive local candidates are replaced by their base (section 6.1.2.4),
/// so they never need a pair of their own.
struct CandidatePair {
    enum State {
        case frozen, waiting, inProgress, succeeded, failed
    }

    let local: TransportAddress
    let remote: TransportAddress
    var localPriority: UInt32
    var remotePriority: UInt32
    var foundation: String
    var state: State
    /// The controlling peer sent USE-CANDIDATE for this pair (RFC 8445 section 7.3.1.5).
    var nominatedByPeer = false

    /// RFC 8445 section 6.1.2.3: 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), where G is the
    /// controlling agent's candidate priority and D the controlled agent's.
    func priority(role: IceRole) -> UInt64 {
        let g = UInt64(role == .controlling ? localPriority : remotePriority)
        let d = UInt64(role == .controlling ? remotePriority : localPriority)
        // Wrapping arithmetic: a peer may signal priorities up to 2^32 - 1, beyond the 2^31 the formula assumes.
        return (min(g, d) &<< 32) &+ 2 &* max(g, d) &+ (g > d ? 1 : 0)
    }
}
