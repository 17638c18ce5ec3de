/// The media type of an m-line (RFC 8866 §5.14).
public enum MediaKind: Hashable, Sendable, CustomStringConvertible {
    case audio, video, application
    case other(String)

    public init(token: String) {
        switch token {
        case "audio": self = .audio
        case "video": self = .video
        case "application": self = .application
        default: self = .other(token)
        }
    }

    public var token: String {
        switch self {
        case .audio: return "audio"
        case .video: return "video"
        case .application: return "application"
        case let .other(token): return token
        }
    }

    public var description: String { token }
}
