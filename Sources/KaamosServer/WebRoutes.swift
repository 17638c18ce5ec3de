import Foundation
import Hummingbird

/// The web page: `/room/{room_id}` serves index.html (for unknown rooms too: the page asks
/// `GET /api/rooms/{id}` and says "room not found" itself), `/static/{file}` its other files.
struct WebRoutes: Sendable {
    let files: WebFiles

    func register(on router: Router<ServerRequestContext>) {
        router.get("/") { _, _ in
            Response.bytes(Data("kaamos-server: open a room's link (/room/ROOM_ID) to join a call.\n".utf8),
                           contentType: "text/plain; charset=utf-8")
        }
        router.get("/room/:room_id") { _, context in
            let name = context.parameters.get("room_id") ?? ""
            if RoomID.isValid(name) { return page() }
            // A page that links its files relatively (style.css from /room/ID) still gets them.
            if let file = files.file(named: name) { return Response.bytes(file.data, contentType: file.contentType) }
            return APIRoutes.badRoomID
        }
        router.get("/static/:file") { _, context in
            guard let file = files.file(named: context.parameters.get("file") ?? "") else {
                return Response.error(.notFound, "There is no such file.")
            }
            return Response.bytes(file.data, contentType: file.contentType)
        }
        router.get("/favicon.ico") { _, _ in
            files.file(named: "favicon.ico").map { Response.bytes($0.data, contentType: $0.contentType, cacheControl: "max-age=86400") }
                ?? Response(status: .noContent)
        }
        // Reached only when a WebSocket upgrade was refused or not asked for.
        router.get("/ws/:room_id") { _, context in
            guard RoomID.isValid(context.parameters.get("room_id") ?? "") else { return APIRoutes.badRoomID }
            return Response.error(.upgradeRequired, "Signaling is a WebSocket: connect with an Upgrade: websocket request.",
                                  headers: [.upgrade: "websocket"])
        }
    }

    private func page() -> Response {
        guard let file = files.file(named: "index.html") else {
            return .error(.internalServerError, "The web page is missing from this server.")
        }
        return .bytes(file.data, contentType: file.contentType)
    }
}
