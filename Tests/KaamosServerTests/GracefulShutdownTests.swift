import Foundation
import Hummingbird
import KaamosTestSupport
import Logging
import NIOConcurrencyHelpers
import NIOWebSocket
import ServiceLifecycle
import Testing
@testable import KaamosServer

@Suite struct GracefulShutdownTests {
    @Test func everyParticipantHearsRoomClosedAndEveryConnectionCloses() async throws {
        let server = TestServer()
        let portBox = NIOLockedValueBox<Int?>(nil)
        var logger = Logger(label: "shutdown-test")
        logger.logLevel = .critical
        let application = makeApplication(hub: server.hub, logger: logger) { channel in
            portBox.withLockedValue { $0 = channel.localAddress?.port }
        }
        let group = makeServiceGroup(application: application, hub: server.hub, logger: logger)
        let running = Task { try await group.run() }

        _ = await eventually(timeout: .seconds(5), every: .milliseconds(10)) { portBox.withLockedValue { $0 } != nil }
        let livePort = try #require(portBox.withLockedValue { $0 })
        let roomID = try server.hub.createRoom(creatorUserID: nil, clientKey: "test").id
        let sockets = (0..<2).map { _ in TestSocket(port: livePort, path: "/ws/\(roomID)") }
        for socket in sockets {
            socket.send(#"{"type":"join"}"#)
            _ = try await socket.next("joined")
        }
        let admin = TestSocket(port: livePort, path: "/api/admin/events?token=\(TestServer.token)")
        _ = try await admin.next("snapshot")

        await group.triggerGracefulShutdown()
        for socket in sockets {
            #expect(try await socket.next("room-closed")["reason"] as? String == "server shutting down")
            #expect(try await socket.closed()?.closeCode == .goingAway)
        }
        _ = try await admin.closed()
        try await running.value
        #expect(!server.hub.hasConnections)
    }
}
