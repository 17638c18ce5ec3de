import Foundation
import Hummingbird
import HummingbirdWebSocket

/// The two WebSockets: signaling (`/ws/{room_id}`) and the admin event stream.
struct WebSocketRoutes: Sendable {
    let hub: RoomHub
    let authorization: AdminAuthorization

    func register(on router: Router<ServerRequestContext>) {
        let hub = hub
        let maxMessageBytes = hub.configuration.maxMessageBytes
        router.ws("/ws/:room_id") { _, context in
            // A malformed id is refused before any lookup; the HTTP route then answers 400.
            RoomID.isValid(context.parameters.get("room_id") ?? "") ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            let roomID = context.requestContext.parameters.get("room_id") ?? ""
            let address = context.request.clientAddress(
                remote: context.requestContext.remoteAddress, trustForwardedFor: hub.configuration.trustForwardedFor)
            let sink = WebSocketSink()
            let connectionID = hub.connect(roomID: roomID, clientAddress: address, sink: sink)
            await WebSocketSession.run(
                inbound: inbound, outbound: outbound, sink: sink, maxMessageBytes: maxMessageBytes,
                onText: { hub.receive($0, from: connectionID) },
                onOversized: { hub.receiveOversized(byteCount: $0, from: connectionID) },
                onBinary: { hub.receiveBinary(from: connectionID) })
            hub.disconnect(connectionID)
        }
        let authorization = authorization
        router.ws("/api/admin/events") { request, _ in
            (try? authorization.check(request, allowQueryToken: true)) != nil ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, _ in
            let sink = WebSocketSink()
            let subscriberID = hub.subscribe(sink)
            // The stream is one-way; whatever the console sends is read and dropped.
            await WebSocketSession.run(
                inbound: inbound, outbound: outbound, sink: sink, maxMessageBytes: maxMessageBytes,
                onText: { _ in }, onOversized: { _ in }, onBinary: {})
            hub.unsubscribe(subscriberID)
        }
    }
}
