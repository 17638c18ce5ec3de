import Foundation
import HTTPTypes
import Hummingbird
import KaamosWire

/// The public HTTP API: create a room, look one up, health, metrics, the OpenAPI document.
struct APIRoutes: Sendable {
    let hub: RoomHub
    let openAPI: Data?
    /// The listener speaks TLS: room links built from the Host header are https.
    var secure = false

    static let maxBodyBytes = 16 * 1024

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/rooms/create") { request, context in try await createRoom(request, context) }
        router.get("/api/rooms/:room_id") { _, context in roomStatus(context) }
        router.get("/health") { _, _ in health() }
        router.get("/metrics") { _, _ in metrics() }
        router.get("/openapi.yaml") { _, _ in
            guard let openAPI else { return Response.error(.notFound, "The OpenAPI document is missing from this build.") }
            return Response.bytes(openAPI, contentType: "application/yaml; charset=utf-8")
        }
    }

    func createRoom(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return .error(.contentTooLarge, "The request body may hold at most \(Self.maxBodyBytes) bytes.")
        }
        let parameters: CreateRoomRequest
        if body.readableBytes == 0 || String(buffer: body).allSatisfy(\.isWhitespace) {
            parameters = CreateRoomRequest()
        } else {
            do {
                parameters = try JSONDecoder().decode(CreateRoomRequest.self, from: Data(buffer: body))
            } catch {
                return .error(.badRequest, "The body must be a JSON object such as {\"creator_user_id\": 123456789}.")
            }
        }
        let client = request.clientAddress(remote: context.remoteAddress, trustForwardedFor: hub.configuration.trustForwardedFor)
        let room: Room
        do {
            room = try hub.createRoom(creatorUserID: parameters.creatorUserID, clientKey: client)
        } catch {
            switch error {
            case .rateLimited(let seconds):
                return .error(.tooManyRequests, error.description, headers: [.retryAfter: String(seconds)])
            case .tooManyRooms, .shuttingDown:
                return .error(.serviceUnavailable, error.description, headers: [.retryAfter: "60"])
            }
        }
        let response = CreatedRoom(
            roomID: room.id,
            url: roomURL(room.id, request: request),
            expiresAt: Timestamp.string(from: room.expiresAt(lifetime: hub.configuration.limits.roomLifetime)))
        return .json(response, status: .created, headers: [.location: "/api/rooms/\(room.id)"])
    }

    func roomStatus(_ context: ServerRequestContext) -> Response {
        let id = context.parameters.get("room_id") ?? ""
        guard RoomID.isValid(id) else { return Self.badRoomID }
        guard let summary = hub.roomSummary(id: id) else { return Self.roomNotFound(id) }
        return .json(summary)
    }

    func health() -> Response {
        let counts = hub.counts
        return .json(HealthReport(
            status: "ok", version: KaamosServerVersion.current, rooms: counts.rooms, participants: counts.participants,
            uptimeSeconds: max(0, Int(hub.clock.now.timeIntervalSince(hub.startedAt)))))
    }

    func metrics() -> Response {
        let counts = hub.counts
        let text = hub.metrics.render(
            rooms: counts.rooms, participants: counts.participants, subscribers: counts.subscribers, media: hub.media.counters)
        return .bytes(Data(text.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8", cacheControl: "no-store")
    }

    /// The page's address for a room: from `--public-url`, else from the request's Host (https when
    /// this listener speaks TLS, or, behind a trusted proxy, as X-Forwarded-Proto says).
    func roomURL(_ id: String, request: Request) -> String {
        if var base = hub.configuration.publicURL {
            while base.hasSuffix("/") { base.removeLast() }
            return "\(base)/room/\(id)"
        }
        let host = request.head.authority ?? "\(hub.configuration.host):\(hub.configuration.port)"
        var scheme = secure ? "https" : "http"
        if !secure, hub.configuration.trustForwardedFor, let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!],
           proto == "https" || proto == "http" {
            scheme = proto
        }
        return "\(scheme)://\(host)/room/\(id)"
    }

    static let badRoomID = Response.error(.badRequest, "A room id is exactly 10 letters or digits.")

    static func roomNotFound(_ id: String) -> Response {
        .error(.notFound, RoomRegistryError.roomNotFound(roomID: id).description)
    }
}

public enum KaamosServerVersion {
    public static let current = "0.1.0"
}
