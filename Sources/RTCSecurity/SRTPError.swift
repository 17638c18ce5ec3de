import CSRTP

/// A libsrtp failure: which operation failed and the status libsrtp reported.
public struct SRTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case initialize = "initialize libsrtp"
        case createSession = "create an SRTP session"
        case protectRTP = "protect an RTP packet"
        case unprotectRTP = "unprotect an SRTP packet"
        case protectRTCP = "protect an RTCP packet"
        case unprotectRTCP = "unprotect an SRTCP packet"
    }

    /// libsrtp's srtp_err_status_t, with the cases a media path meets named.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        case authenticationFailed
        case replayed
        case replayTooOld
        case badParameter
        case packetTooShort
        case wrongKeyLength(expected: Int, actual: Int)
        case other(UInt32)

        init(_ status: srtp_err_status_t) {
            switch status {
            case srtp_err_status_auth_fail: self = .authenticationFailed
            case srtp_err_status_replay_fail: self = .replayed
            case srtp_err_status_replay_old: self = .replayTooOld
            case srtp_err_status_bad_param: self = .badParameter
            default: self = .other(status.rawValue)
            }
        }

        public var description: String {
            switch self {
            case .authenticationFailed: return "the authentication tag did not match (srtp_err_status_auth_fail)"
            case .replayed: return "the packet index was already seen (srtp_err_status_replay_fail)"
            case .replayTooOld: return "the packet index is older than the replay window (srtp_err_status_replay_old)"
            case .badParameter: return "a parameter was invalid (srtp_err_status_bad_param)"
            case .packetTooShort: return "the packet is shorter than its header"
            case let .wrongKeyLength(expected, actual): return "the key material is \(actual) bytes instead of \(expected)"
            case let .other(code): return "libsrtp returned status \(code)"
            }
        }
    }

    public var operation: Operation
    public var status: Status

    public init(operation: Operation, status: Status) {
        self.operation = operation
        self.status = status
    }

    public var description: String { "Could not \(operation.rawValue): \(status)." }
}
