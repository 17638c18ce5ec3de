import ClientCore

/// The exit statuses of the admin commands (documented in kaamos-tui(1)); scripts rely on them.
public enum AdminExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case failure = 1
    /// The room or participant does not exist (404).
    case notFound = 2
    /// The server refused the admin token (401).
    case unauthorized = 3
    /// No answer from the server: connection refused, timeout, name not resolved.
    case unreachable = 4
    /// 429 Too Many Requests.
    case rateLimited = 5
    /// Bad arguments, or a destructive action without --yes and without a terminal to ask on.
    case usage = 64

    public init(_ error: APIError) {
        switch error {
        case .roomNotFound, .notFound: self = .notFound
        case .unauthorized: self = .unauthorized
        case .unreachable: self = .unreachable
        case .rateLimited: self = .rateLimited
        case .badRequest, .server, .malformedResponse: self = .failure
        }
    }
}
