/// The DTLS setup attribute (RFC 4145 §4, used for DTLS-SRTP by RFC 5763 §5).
public enum SetupRole: String, Hashable, Sendable, CaseIterable {
    case actpass, active, passive, holdconn

    /// The role an answerer takes for this offered role. RFC 5763 §5 has the answerer be `active`
    /// when offered `actpass` so that its ClientHello can go out as soon as ICE connects.
    public var answer: SetupRole {
        switch self {
        case .actpass, .passive: return .active
        case .active: return .passive
        case .holdconn: return .holdconn
        }
    }
}
