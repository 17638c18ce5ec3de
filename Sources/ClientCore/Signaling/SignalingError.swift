/// Why a signaling message could not be used, in one sentence.
public enum SignalingError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case let .malformed(reason): return "The server sent a malformed message: \(reason)."
        }
    }
}
