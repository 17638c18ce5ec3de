import Foundation
import Hummingbird
import HummingbirdTesting
import KaamosTestSupport
import Testing
@testable import KaamosServer

/// Many sockets in many rooms at once: every join, chat and leave lands, and the hub ends empty.
@Suite struct ConcurrentRoomsTests {
    @Test func roomsFillChatAndEmptyConcurrently() async throws {
        let server = TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            var roomIDs: [String] = []
            for _ in 0..<5 { roomIDs.append(try await client.createRoom()) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for roomID in roomIDs {
                    for seat in 0..<3 {
                        group.addTask {
                            let socket = TestSocket(port: port, path: "/ws/\(roomID)")
                            socket.send(#"{"type":"join","name":"seat\#(seat)"}"#)
                            _ = try await socket.next("joined")
                            socket.send(#"{"type":"chat","text":"from seat \#(seat)"}"#)
                            // Each socket hears its own chat, whatever the others do meanwhile.
                            for _ in 0..<3 {
                                if try await socket.next("chat")["name"] as? String == "seat\(seat)" { break }
                            }
                            socket.close()
                            _ = try await socket.closed()
                        }
                    }
                }
                try await group.waitForAll()
            }
            _ = await eventually(timeout: .seconds(3), every: .milliseconds(10)) { server.hub.counts.participants == 0 }
            #expect(server.hub.counts.participants == 0)
            #expect(server.hub.counts.rooms == 5)
            #expect(!server.hub.hasConnections)
        }
    }
}
