import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: WebSocket upgrades and the peer's address.
public struct ServerRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ServerRequestContext>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}

extension Request {
    /// The client's address: the socket's peer, or, when the server is told it sits behind a proxy,
    /// the last `X-Forwarded-For` entry (the one the proxy added; earlier ones come from the client
    /// and can be forged). "unknown" when there is neither (in-memory tests).
    func clientAddress(remote: SocketAddress?, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = headers[HTTPField.Name("X-Forwarded-For")!],
           let last = forwarded.split(separator: ",").last {
            let address = last.trimmingCharacters(in: .whitespaces)
            if !address.isEmpty { return address }
        }
        return remote?.ipAddress ?? "unknown"
    }
}
