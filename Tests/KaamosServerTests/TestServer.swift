import Foundation
import Hummingbird
import HummingbirdTesting
import KaamosServer

/// A server for tests: a fake router, a manual clock, an admin token unless told otherwise.
struct TestServer {
    static let token = "test-admin-token"

    let clock = ManualClock()
    let media = FakeMediaRouter()
    let hub: RoomHub

    init(adminToken: String? = TestServer.token, configure: (inout ServerConfiguration) -> Void = { _ in }) {
        var configuration = ServerConfiguration()
        configuration.adminToken = adminToken
        configuration.port = 0
        configure(&configuration)
        hub = RoomHub(configuration: configuration, media: media, clock: clock)
    }

    var application: some ApplicationProtocol { makeApplication(hub: hub) }

    static var adminHeaders: HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ response: TestResponse) -> [String: Any] {
        JSON.object(String(buffer: response.body))
    }
}

extension TestClientProtocol {
    /// Creates a room over HTTP and returns its id.
    func createRoom() async throws -> String {
        try await execute(uri: "/api/rooms/create", method: .post) { response in
            TestServer.json(response)["room_id"] as? String ?? ""
        }
    }
}
