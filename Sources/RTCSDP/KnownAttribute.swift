/// The attribute names the parser gives a typed meaning, looked up once per line so that the
/// parser's switches match enum cases the compiler checks rather than string literals.
enum KnownAttribute: String, CaseIterable {
    case group, mid, setup, fingerprint, candidate, rtpmap, fmtp, extmap, msid, ssrc, rtcp
    case iceUfrag = "ice-ufrag", icePwd = "ice-pwd", iceOptions = "ice-options", iceLite = "ice-lite"
    case rtcpFeedback = "rtcp-fb", rtcpMux = "rtcp-mux", rtcpReducedSize = "rtcp-rsize"
    case ssrcGroup = "ssrc-group", msidSemantic = "msid-semantic"
    case endOfCandidates = "end-of-candidates", extmapAllowMixed = "extmap-allow-mixed"
    case sendrecv, sendonly, recvonly, inactive

    static let byName: [String: KnownAttribute] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
