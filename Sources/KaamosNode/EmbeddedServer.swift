import KaamosServer
import KaamosSFU
import Logging
import NIOCore
import RTCBase

/// A whole Kaamos server (HTTP, signaling, SFU) inside this process, on loopback: what
/// `kaamos-tui demo` joins and what end-to-end tests start.
public final class EmbeddedServer: Sendable {
    public let baseURL: String
    public let hub: RoomHub
    public let router: SFUMediaRouter
    private let task: Task<Void, any Error>

    private init(baseURL: String, hub: RoomHub, router: SFUMediaRouter, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.hub = hub
        self.router = router
        self.task = task
    }

    /// Starts the server on `host` and a free port and returns once it accepts connections.
    public static func start(host: String = "127.0.0.1", adminToken: String? = nil, maxParticipants: Int? = nil,
                             mediaAddresses: [TransportAddress.IP] = [.loopbackV4],
                             turn: TURNSettings? = nil) async throws -> EmbeddedServer {
        var configuration = ServerConfiguration()
        configuration.turn = turn
        if let maxParticipants { configuration.limits.maxParticipantsPerRoom = maxParticipants }
        configuration.host = host
        configuration.port = 0
        configuration.adminToken = adminToken
        var logger = Logger(label: "kaamos-server")
        logger.logLevel = .critical
        let router = try SFUMediaRouter(addresses: mediaAddresses)
        let hub = RoomHub(configuration: configuration, media: router, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await runServer(hub: hub, logger: logger) { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw SFUError("The embedded server did not start listening.")
        }
        return EmbeddedServer(baseURL: "http://\(host):\(port)", hub: hub, router: router, task: task)
    }

    /// Stops the server at once, as a crash or a lost network would: participants see their
    /// connections drop (tests of rejoining rely on that), and no `room-closed` is sent.
    public func stop() async {
        task.cancel()
        _ = await task.result
        router.media.stop()
    }
}
