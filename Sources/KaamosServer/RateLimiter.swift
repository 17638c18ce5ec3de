import Foundation

/// A sliding-window limit: at most `limit` events in any `window` seconds for each key (a client
/// address for room creation, a connection for signaling messages).
public struct RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; the earliest moment another event would be allowed is this many seconds away (at least 1).
        case limited(retryAfterSeconds: Int)
    }

    public let limit: Int
    public let window: TimeInterval
    fileprivate var events: [String: [Date]] = [:]

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records an event for `key` at `now` when the limit allows it.
    public mutating func attempt(key: String, now: Date) -> Decision {
        var recent = events[key, default: []].filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            let oldest = recent.min() ?? now
            let wait = window - now.timeIntervalSince(oldest)
            events[key] = recent
            return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
        recent.append(now)
        events[key] = recent
        return .allowed
    }

    /// Forgets keys whose events are all older than the window.
    public mutating func removeStale(at now: Date) {
        events = events.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
    }

    public var trackedKeys: Int { events.count }
}

extension RateLimiter {
    /// Drops what is known about `key` (a closed connection).
    public mutating func forget(key: String) {
        events[key] = nil
    }
}
