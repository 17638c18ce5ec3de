import Foundation
import KaamosTestSupport
import Logging
import ServiceLifecycle
import Testing
@testable import KaamosServer

/// The one test on the wall clock: the service's timer really fires (expiry itself is tested by
/// advancing a `ManualClock`).
@Suite struct HubMaintenanceServiceTests {
    @Test func publishesStatsAndSweepsOnItsTimer() async throws {
        let server = TestServer {
            $0.statsInterval = 0.05
            $0.sweepInterval = 0.05
        }
        let admin = RecordingSink()
        _ = server.hub.subscribe(admin)
        let roomID = try server.hub.createRoom(creatorUserID: nil, clientKey: "t").id
        server.clock.advance(by: 86_400)
        var logger = Logger(label: "maintenance-test")
        logger.logLevel = .critical
        let group = ServiceGroup(services: [HubMaintenanceService(hub: server.hub)], logger: logger)
        let running = Task { try await group.run() }
        _ = await eventually(timeout: .seconds(2), every: .milliseconds(10)) {
            !admin.messages(ofType: "stats").isEmpty && server.hub.room(id: roomID) == nil
        }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(!admin.messages(ofType: "stats").isEmpty)
        #expect(server.hub.room(id: roomID) == nil)
        #expect(admin.messages(ofType: "room-closed").first?["reason"] as? String == "expired")
    }
}
