import Foundation
import Testing
@testable import KaamosServer

@Suite struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func allowsTheLimitThenRefusesWithTheWait() {
        var limiter = RateLimiter(limit: 10, window: 60)
        for second in 0..<10 {
            #expect(limiter.attempt(key: "a", now: start + Double(second)) == .allowed)
        }
        // The oldest event (at 0 s) leaves the window at 60 s: from 10 s that is 50 s away.
        #expect(limiter.attempt(key: "a", now: start + 10) == .limited(retryAfterSeconds: 50))
        #expect(limiter.attempt(key: "b", now: start + 10) == .allowed)
        #expect(limiter.attempt(key: "a", now: start + 60) == .allowed)
    }

    @Test func retryAfterIsAtLeastOneSecond() {
        var limiter = RateLimiter(limit: 1, window: 60)
        _ = limiter.attempt(key: "a", now: start)
        #expect(limiter.attempt(key: "a", now: start + 59.9) == .limited(retryAfterSeconds: 1))
    }

    @Test func staleKeysAreForgotten() {
        var limiter = RateLimiter(limit: 1, window: 60)
        _ = limiter.attempt(key: "a", now: start)
        _ = limiter.attempt(key: "b", now: start + 30)
        limiter.removeStale(at: start + 61)
        #expect(limiter.trackedKeys == 1)
        limiter.forget(key: "b")
        #expect(limiter.trackedKeys == 0)
    }
}
