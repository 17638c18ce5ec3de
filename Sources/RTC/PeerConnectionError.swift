import RTCSDP
import RTCSecurity

/// Why a peer connection refused a call, in one sentence.
public enum PeerConnectionError: Error, CustomStringConvertible, Sendable {
    case invalidState(String)
    case sessionDescription(SDPError)
    case badCandidate(candidate: String, reason: String)
    case certificate(DTLSError)
    case unknownMid(String)
    case unsupportedRenegotiation(String)

    public var description: String {
        switch self {
        case let .invalidState(message): return message
        case let .sessionDescription(error): return "The session description is not acceptable: \(error)"
        case let .badCandidate(candidate, reason):
            return "The ICE candidate '\(candidate.prefix(120))' is malformed: \(reason)"
        case let .certificate(error): return "Could not make a DTLS certificate: \(error)"
        case let .unknownMid(mid): return "No media section has mid '\(mid)'."
        case let .unsupportedRenegotiation(message): return message
        }
    }
}
