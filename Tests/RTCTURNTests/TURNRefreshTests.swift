import RTCBase
import Testing
@testable import RTCTURN

/// Keeping the allocation alive, and releasing it.
@Suite struct TURNRefreshTests {
    @Test func allocationIsRefreshedAtEightyPercentOfItsLifetime() {
        let harness = TURNHarness()
        harness.server.lifetime = 100
        harness.start()
        #expect(harness.client.nextTimeout() == .seconds(80))
        harness.advance(by: .seconds(79))
        #expect(harness.server.requests(.refresh).isEmpty)
        harness.advance(by: .seconds(1))
        #expect(harness.server.requests(.refresh).count == 1)
        #expect(harness.server.requests(.refresh).first?.hasMessageIntegrity == true)
        #expect(harness.server.requests(.refresh).first?.lifetime == nil)
        #expect(harness.allEvents.last == .refreshed(lifetime: .seconds(100)))
        harness.advance(by: .seconds(160))
        #expect(harness.server.requests(.refresh).count == 3)
        #expect(harness.client.state == .allocated)
    }

    @Test func requestedLifetimeIsAskedFor() {
        let harness = TURNHarness { $0.requestedLifetime = .seconds(300) }
        harness.start()
        #expect(harness.server.requests(.allocate).last?.lifetime == 300)
        harness.advance(by: .seconds(600))
        #expect(harness.server.requests(.refresh).first?.lifetime == 300)
    }

    @Test func staleNonceDuringRefreshIsRetried() {
        let harness = TURNHarness()
        harness.start()
        harness.server.staleNonceAnswers = 1
        harness.advance(by: .seconds(480))
        #expect(harness.server.requests(.refresh).map(\.nonce) == ["nonce-0", "nonce-1"])
        #expect(harness.client.state == .allocated)
        #expect(harness.failures.isEmpty)
    }

    @Test func refreshRefusedEndsTheAllocation() {
        let harness = TURNHarness()
        harness.start()
        harness.server.forcedErrors[.refresh] = (437, "Allocation Mismatch")
        harness.advance(by: .seconds(480))
        #expect(harness.failures.first?.step == .refresh)
        #expect(harness.failures.first?.reason.contains("no longer exists") == true)
        #expect(harness.client.state == .failed)
    }

    @Test func closeReleasesWithLifetimeZero() {
        let harness = TURNHarness()
        harness.start()
        harness.client.close(now: harness.now)
        #expect(harness.client.state == .closing)
        harness.pump()
        #expect(harness.server.requests(.refresh).last?.lifetime == 0)
        #expect(!harness.server.allocated)
        #expect(harness.client.state == .closed)
        #expect(harness.allEvents.last == .closed)
        #expect(harness.client.nextTimeout() == nil)
        #expect(!harness.client.send([1], to: TransportAddress("10.0.0.1:1")!, now: harness.now))
    }

    @Test func closeCompletesEvenWhenTheServerIsGone() {
        let harness = TURNHarness()
        harness.start()
        harness.serverReachable = false
        harness.client.close(now: harness.now)
        harness.advance(by: .seconds(60))
        #expect(harness.client.state == .closed)
        #expect(harness.allEvents.last == .closed)
        #expect(harness.failures.isEmpty)
    }

    @Test func closeBeforeAllocationEndsAtOnce() {
        let harness = TURNHarness()
        harness.serverReachable = false
        harness.start()
        harness.client.close(now: harness.now)
        harness.pump()
        #expect(harness.client.state == .closed)
        #expect(harness.allEvents == [.closed])
    }
}
