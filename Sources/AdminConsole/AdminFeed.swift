/// Where the console's picture of the server comes from right now.
public enum AdminFeed: Sendable, Equatable {
    case connecting
    /// The admin event stream is open: every change arrives as it happens.
    case live
    /// The server has no event stream: `GET /api/rooms` once a second.
    case polling
    /// The stream or the server is down; `reason` is one sentence, the retry comes after `retryIn` seconds.
    case down(reason: String, retryIn: Double)

    /// What the title bar says about the feed.
    public var summary: String {
        switch self {
        case .connecting: return "connecting…"
        case .live: return "live"
        case .polling: return "polling every 1 s (no event stream on this server)"
        case let .down(_, retryIn): return "disconnected, retrying in \(retryIn < 1 ? String(format: "%.1f", retryIn) : String(Int(retryIn.rounded()))) s"
        }
    }
}
