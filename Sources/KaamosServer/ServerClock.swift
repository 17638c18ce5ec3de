import Foundation
import NIOConcurrencyHelpers

/// Where the server reads the time: the wall clock in production, a clock that tests advance.
public protocol ServerClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: ServerClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to, so expiry, bans and rate limits are tested without sleeping.
public final class ManualClock: ServerClock {
    private let current: NIOLockedValueBox<Date>

    public init(now: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = NIOLockedValueBox(now)
    }

    public var now: Date { current.withLockedValue { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 += seconds }
    }
}
