import KaamosWire
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The server's HTTP API (../shared/PROTOCOL.md): rooms for everyone, the admin calls with a token.
/// Over https it trusts what `endpoint.trust` says (system roots, `--ca-file`, or `--insecure`).
public struct KaamosAPIClient: Sendable {
    public let endpoint: ServerEndpoint
    public let adminToken: String?
    public let timeout: TimeInterval

    public init(endpoint: ServerEndpoint, adminToken: String? = nil, timeout: TimeInterval = 10) {
        self.endpoint = endpoint
        self.adminToken = adminToken
        self.timeout = timeout
    }

    /// One client for the process (a connection pool per server and TLS setting). Failed
    /// connections are not retried: the pool's default would retry until the deadline, turning
    /// "connection refused" or a refused certificate into a 10-second wait.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        // An idle pooled connection holds a server's shutdown until it times out (a minute by
        // default); commands make one request or a few a second apart, so keep them briefly.
        configuration.connectionPool.idleTimeout = .seconds(1)
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.proxy = nil
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The largest answer read; the API's answers are far smaller.
    static let maxResponseBytes = 4 << 20

    public func createRoom() async throws(APIError) -> CreatedRoom {
        try await decode(request(.POST, "/api/rooms/create", body: Data("{}".utf8)), as: CreatedRoom.self)
    }

    /// The room, or `.roomNotFound` when it is unknown or expired.
    public func room(_ id: String) async throws(APIError) -> RoomSummary {
        do {
            return try await decode(request(.GET, "/api/rooms/\(id)"), as: RoomSummary.self)
        } catch .notFound {
            throw .roomNotFound(id)
        }
    }

    public func rooms() async throws(APIError) -> [RoomSummary] {
        try await decode(request(.GET, "/api/rooms", admin: true), as: RoomList.self).rooms
    }

    public func participants(room: String) async throws(APIError) -> [ParticipantDetail] {
        do {
            return try await decode(request(.GET, "/api/rooms/\(room)/participants", admin: true), as: ParticipantList.self).participants
        } catch .notFound {
            throw .roomNotFound(room)
        }
    }

    public func kick(room: String, participant: String) async throws(APIError) {
        _ = try await request(.POST, "/api/rooms/\(room)/participants/\(participant)/kick", admin: true)
    }

    public func mute(room: String, participant: String, audio: Bool?, video: Bool?) async throws(APIError) {
        var body: [String: Bool] = [:]
        if let audio { body["audio"] = audio }
        if let video { body["video"] = video }
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        _ = try await request(.POST, "/api/rooms/\(room)/participants/\(participant)/mute", admin: true, body: data)
    }

    public func closeRoom(_ room: String) async throws(APIError) {
        do {
            _ = try await request(.DELETE, "/api/rooms/\(room)", admin: true)
        } catch .notFound {
            throw .roomNotFound(room)
        }
    }

    /// The status of a GET with the admin token, whatever it is: how the admin console tells "no
    /// event stream on this server" (404) from "wrong token" (401) after an upgrade failed.
    public func status(ofGET path: String) async throws(APIError) -> Int {
        try await send(.GET, path, admin: true, body: nil).status
    }

    private func request(_ method: HTTPMethod, _ path: String, admin: Bool = false, body: Data? = nil) async throws(APIError) -> Data {
        let (status, retryAfter, data) = try await send(method, path, admin: admin, body: body)
        let message = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error
            ?? String(decoding: data.prefix(200), as: UTF8.self)
        switch status {
        case 200..<300: return data
        case 400: throw .badRequest(message)
        case 401, 403: throw .unauthorized
        case 404: throw .notFound(message)
        case 429: throw .rateLimited(retryAfterSeconds: retryAfter.flatMap { Int($0) })
        default: throw .server(status: status, message: message)
        }
    }

    /// One exchange: status, Retry-After and body; connection failures as `.unreachable` with
    /// their reason (a refused certificate says why).
    private func send(_ method: HTTPMethod, _ path: String, admin: Bool, body: Data?) async throws(APIError) -> (status: Int, retryAfter: String?, body: Data) {
        guard endpoint.url(path) != nil else { throw .badRequest("bad path \(path)") }
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = method
        do {
            request.tlsConfiguration = try endpoint.tlsConfiguration()
        } catch {
            throw .unreachable(server: endpoint.baseURL, reason: error.description)
        }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        if admin, let adminToken { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
        do {
            let response = try await Self.http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let data = Data(try await response.body.collect(upTo: Self.maxResponseBytes).readableBytesView)
            return (Int(response.status.code), response.headers.first(name: "Retry-After"), data)
        } catch {
            let reason = await ConnectionFailure.reason(
                for: error, host: endpoint.host, port: endpoint.port, trust: endpoint.trust, timeout: timeout)
            throw .unreachable(server: endpoint.baseURL, reason: reason)
        }
    }

    private func decode<T: Decodable>(_ data: Data, as type: T.Type) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .malformedResponse("\(T.self) expected")
        }
    }
}
