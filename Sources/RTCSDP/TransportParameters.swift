#if canImport(RTCBase)
import RTCBase
#endif

/// Our ICE and DTLS parameters, written into every accepted m-line (one BUNDLE transport).
public struct TransportParameters: Hashable, Sendable {
    public var iceUfrag: String
    public var icePwd: String
    public var iceLite: Bool
    public var fingerprint: CertificateFingerprint
    /// What we write in an offer; answers derive theirs from the offer (RFC 5763 §5).
    public var setup: SetupRole
    /// Attribute texts starting "candidate:", for a description that is not trickled.
    public var candidates: [String]
    public var endOfCandidates: Bool

    public init(iceUfrag: String, icePwd: String, iceLite: Bool = false, fingerprint: CertificateFingerprint,
                setup: SetupRole = .actpass, candidates: [String] = [], endOfCandidates: Bool = false) {
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.iceLite = iceLite
        self.fingerprint = fingerprint
        self.setup = setup
        self.candidates = candidates
        self.endOfCandidates = endOfCandidates
    }
}
