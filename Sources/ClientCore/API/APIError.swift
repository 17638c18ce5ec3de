/// Why a call to the server's HTTP API failed, in one sentence.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(server: String, reason: String)
    case roomNotFound(String)
    case notFound(String)
    case unauthorized
    case rateLimited(retryAfterSeconds: Int?)
    case badRequest(String)
    case server(status: Int, message: String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case let .unreachable(server, reason): return "Cannot reach the server at \(server): \(reason)."
        case let .roomNotFound(room): return "Room \(room) does not exist or has expired."
        case let .notFound(message): return "Not found: \(message)."
        case .unauthorized: return "The server refused the admin token (401): give it with --admin-token or KAAMOS_ADMIN_TOKEN."
        case let .rateLimited(seconds): return "The server is rate-limiting us\(seconds.map { "; try again in \($0) s" } ?? "")."
        case let .badRequest(message): return "The server rejected the request: \(message)."
        case let .server(status, message): return "The server answered \(status): \(message)."
        case let .malformedResponse(what): return "The server's answer was not understood: \(what)."
        }
    }
}
