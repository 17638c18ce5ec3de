import RTCBase

/// Why a DTLS association could not be set up or went away; each reads as one sentence.
public enum DTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An OpenSSL call failed; `details` are the messages drained from OpenSSL's error queue.
    case openSSL(operation: String, details: [String])
    /// The handshake failed (bad record, alert from the peer, no common cipher suite...).
    case handshakeFailed(details: [String])
    /// The peer's certificate does not hash to the fingerprint signalled in SDP.
    case fingerprintMismatch(expected: CertificateFingerprint, actual: CertificateFingerprint)
    /// The SDP fingerprint names a hash function we do not implement.
    case unsupportedFingerprintAlgorithm(String)
    /// The handshake finished without a peer certificate to check.
    case missingPeerCertificate
    /// The peer negotiated no SRTP protection profile we offered (use_srtp, RFC 5764 4.1.1).
    case noSRTPProfile
    /// The peer stopped answering: the last flight was resent `retransmissions` times in vain.
    case timedOut(retransmissions: Int)
    /// Data was offered before the association was connected, or after it closed.
    case notConnected

    public var description: String {
        switch self {
        case let .openSSL(operation, details):
            return "OpenSSL could not \(operation)\(Self.suffix(details))."
        case let .handshakeFailed(details):
            return "The DTLS handshake failed\(Self.suffix(details))."
        case let .fingerprintMismatch(expected, actual):
            return "The peer's DTLS certificate has fingerprint \(actual.sdpValue), not the \(expected.sdpValue) its session description announced."
        case let .unsupportedFingerprintAlgorithm(name):
            return "The session description's certificate fingerprint uses the unsupported hash function \"\(name)\"."
        case .missingPeerCertificate:
            return "The peer completed the DTLS handshake without presenting a certificate."
        case .noSRTPProfile:
            return "The peer did not agree to any SRTP protection profile we offered."
        case let .timedOut(retransmissions):
            return "The peer stopped answering the DTLS handshake after \(retransmissions) retransmissions."
        case .notConnected:
            return "The DTLS association is not connected."
        }
    }

    private static func suffix(_ details: [String]) -> String {
        details.isEmpty ? "" : ": " + details.joined(separator: "; ")
    }
}
