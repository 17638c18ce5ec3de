import KaamosWire
import Foundation
import Hummingbird

/// The admin API: every call checks the bearer token first, so a refused call changes nothing.
struct AdminRoutes: Sendable {
    let hub: RoomHub
    let authorization: AdminAuthorization

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/rooms") { request, _ in
            try guarded(request) { .json(RoomList(rooms: hub.roomSummaries())) }
        }
        router.get("/api/rooms/:room_id/participants") { request, context in
            try guarded(request) {
                let roomID = try roomID(context)
                do throws(RoomRegistryError) {
                    return .json(ParticipantList(participants: try hub.participantDetails(roomID: roomID)))
                } catch {
                    return .error(.notFound, error.description)
                }
            }
        }
        router.post("/api/rooms/:room_id/participants/:participant_id/kick") { request, context in
            try guarded(request) {
                let roomID = try roomID(context)
                let participantID = context.parameters.get("participant_id") ?? ""
                do throws(RoomRegistryError) {
                    try hub.kick(roomID: roomID, participantID: participantID)
                    return .noContent()
                } catch {
                    return .error(.notFound, error.description)
                }
            }
        }
        router.post("/api/rooms/:room_id/participants/:participant_id/mute") { request, context in
            try await guardedAsync(request) {
                let roomID = try roomID(context)
                let participantID = context.parameters.get("participant_id") ?? ""
                var request = request
                let body = try? await request.collectBody(upTo: APIRoutes.maxBodyBytes)
                guard let body, let mute = try? JSONDecoder().decode(MuteRequest.self, from: Data(buffer: body)),
                      mute.audio != nil || mute.video != nil
                else {
                    return .error(.badRequest, "The body must be a JSON object such as {\"audio\": true, \"video\": false}.")
                }
                do throws(RoomRegistryError) {
                    try hub.mute(roomID: roomID, participantID: participantID, audio: mute.audio, video: mute.video)
                    return .noContent()
                } catch {
                    return .error(.notFound, error.description)
                }
            }
        }
        router.delete("/api/rooms/:room_id") { request, context in
            try guarded(request) {
                let roomID = try roomID(context)
                do throws(RoomRegistryError) {
                    try hub.closeRoom(id: roomID)
                    return .noContent()
                } catch {
                    return .error(.notFound, error.description)
                }
            }
        }
        // Reached only when the WebSocket upgrade was refused: explain why.
        router.get("/api/admin/events") { request, _ in
            do throws(AdminAuthorization.Refusal) {
                try authorization.check(request, allowQueryToken: true)
            } catch {
                return authorization.unauthorized(error)
            }
            return Response.error(.upgradeRequired, "The admin event stream is a WebSocket.", headers: [.upgrade: "websocket"])
        }
    }

    private func roomID(_ context: ServerRequestContext) throws(BadRoomIDResponse) -> String {
        let id = context.parameters.get("room_id") ?? ""
        guard RoomID.isValid(id) else { throw BadRoomIDResponse() }
        return id
    }

    private func guarded(_ request: Request, _ body: () throws -> Response) throws -> Response {
        do {
            try authorization.check(request)
        } catch {
            return authorization.unauthorized(error)
        }
        do {
            return try body()
        } catch is BadRoomIDResponse {
            return APIRoutes.badRoomID
        }
    }

    private func guardedAsync(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do {
            try authorization.check(request)
        } catch {
            return authorization.unauthorized(error)
        }
        do {
            return try await body()
        } catch is BadRoomIDResponse {
            return APIRoutes.badRoomID
        }
    }
}

/// Thrown inside an admin route when the room id in the path is malformed; answered with 400.
struct BadRoomIDResponse: Error {}
