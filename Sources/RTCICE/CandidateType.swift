/// The candidate types of RFC 8445 section 5.1.1, with the names SDP uses (RFC 8839 section 5.1).
public enum CandidateType: String, Hashable, Sendable, CaseIterable {
    case host
    case serverReflexive = "srflx"
    case peerReflexive = "prflx"
    case relayed = "relay"

    /// RFC 8445 section 5.1.2.2's recommended type preferences: direct paths first, relays last.
    public var preference: UInt32 {
        switch self {
        case .host: 126
        case .peerReflexive: 110
        case .serverReflexive: 100
        case .relayed: 0
        }
    }
}
