import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The server's HTTP API (../shared/PROTOCOL.md): rooms for everyone, the admin calls with a token.
public struct KaamosAPIClient: Sendable {
    public let endpoint: ServerEndpoint
    public let adminToken: String?
    private let session: URLSession

    public init(endpoint: ServerEndpoint, adminToken: String? = nil, timeout: TimeInterval = 10) {
        self.endpoint = endpoint
        self.adminToken = adminToken
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.connectionProxyDictionary = [:]
        session = URLSession(configuration: configuration)
    }

    public func createRoom() async throws(APIError) -> CreatedRoom {
        try await decode(request("POST", "/api/rooms/create", body: Data("{}".utf8)), as: CreatedRoom.self)
    }

    /// The room, or `.roomNotFound` when it is unknown or expired.
    public func room(_ id: String) async throws(APIError) -> RoomInfo {
        do {
            return try await decode(request("GET", "/api/rooms/\(id)"), as: RoomInfo.self)
        } catch .notFound {
            throw .roomNotFound(id)
        }
    }

    public func rooms() async throws(APIError) -> [RoomInfo] {
        try await decode(request("GET", "/api/rooms", admin: true), as: RoomList.self).rooms
    }

    public func participants(room: String) async throws(APIError) -> [ParticipantRecord] {
        do {
            return try await decode(request("GET", "/api/rooms/\(room)/participants", admin: true), as: ParticipantList.self).participants
        } catch .notFound {
            throw .roomNotFound(room)
        }
    }

    public func kick(room: String, participant: String) async throws(APIError) {
        _ = try await request("POST", "/api/rooms/\(room)/participants/\(participant)/kick", admin: true)
    }

    public func mute(room: String, participant: String, audio: Bool?, video: Bool?) async throws(APIError) {
        var body: [String: Bool] = [:]
        if let audio { body["audio"] = audio }
        if let video { body["video"] = video }
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        _ = try await request("POST", "/api/rooms/\(room)/participants/\(participant)/mute", admin: true, body: data)
    }

    public func closeRoom(_ room: String) async throws(APIError) {
        do {
            _ = try await request("DELETE", "/api/rooms/\(room)", admin: true)
        } catch .notFound {
            throw .roomNotFound(room)
        }
    }

    private func request(_ method: String, _ path: String, admin: Bool = false, body: Data? = nil) async throws(APIError) -> Data {
        guard let url = endpoint.url(path) else { throw .badRequest("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if admin, let adminToken { request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw .unreachable(server: endpoint.baseURL, reason: (error as NSError).localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else { throw .malformedResponse("not HTTP") }
        let message = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error
            ?? String(decoding: data.prefix(200), as: UTF8.self)
        switch http.statusCode {
        case 200..<300: return data
        case 400: throw .badRequest(message)
        case 401, 403: throw .unauthorized
        case 404: throw .notFound(message)
        case 429: throw .rateLimited(retryAfterSeconds: (http.value(forHTTPHeaderField: "Retry-After")).flatMap { Int($0) })
        default: throw .server(status: http.statusCode, message: message)
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
