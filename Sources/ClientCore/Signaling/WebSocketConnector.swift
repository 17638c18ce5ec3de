import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
// WSCore's frame loop (pings, close handshake, UTF-8 checks) is public only as this SPI; using it
// keeps the behaviour of WebSocketClient while this file does the connecting.
@_spi(WSInternal) import WSCore

/// Opens a ws:// or wss:// WebSocket and runs `handler` on it, like WSClient's
/// `WebSocketClient.connect`, with one difference that matters for self-hosted servers: an IP
/// address (`wss://127.0.0.1:8443`) is not sent as the TLS server name, which NIOSSL refuses
/// (RFC 6066 3: SNI carries host names only); the certificate is then checked against the IP
/// address instead. WebSocketClient always sends the host, so it cannot reach such a server.
public enum WebSocketConnector {
    /// What the handler gets besides the streams.
    public struct Context: WebSocketContext {
        public let logger: Logger
    }

    public enum ConnectError: Error, CustomStringConvertible {
        case invalidURL(String)
        case upgradeRefused

        public var description: String {
            switch self {
            case let .invalidURL(url): return "\(url) is not a ws:// or wss:// URL"
            case .upgradeRefused: return "the server refused the WebSocket upgrade"
            }
        }
    }

    /// Connects, runs `handler` until either side closes, and returns the server's close frame.
    @discardableResult
    public static func connect(
        url: String,
        configuration: WebSocketClientConfiguration = .init(),
        tlsConfiguration: TLSConfiguration? = nil,
        logger: Logger,
        handler: @escaping WebSocketDataHandler<Context>
    ) async throws -> WebSocketCloseFrame? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "ws" || scheme == "wss", let rawHost = components.host, !rawHost.isEmpty
        else { throw ConnectError.invalidURL(url) }
        let secure = scheme == "wss"
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = components.port ?? (secure ? 443 : 80)
        let sslContext = secure ? try NIOSSLContext(configuration: tlsConfiguration ?? .makeClientConfiguration()) : nil
        let authority = (host.contains(":") ? "[\(host)]" : host) + (components.port.map { ":\($0)" } ?? "")
        let path = (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
            + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let channel = UpgradingChannel(
            serverName: SocketAddressLiteral.isIPAddress(host) ? nil : (configuration.sniHostname ?? host),
            sslContext: sslContext, path: path, authority: authority, origin: "\(scheme)://\(authority)",
            configuration: configuration, handler: handler)
        return try await ClientConnection(channel, address: .hostname(host, port: port), logger: logger).run()
    }

    /// The client side of the HTTP/1.1 upgrade, over TLS when there is a context.
    struct UpgradingChannel: ClientConnectionChannel {
        enum Upgrade: Sendable {
            case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
            case declined
        }

        typealias Value = EventLoopFuture<Upgrade>
        typealias Result = WebSocketCloseFrame?

        let serverName: String?
        let sslContext: NIOSSLContext?
        let path: String
        let authority: String
        let origin: String
        let configuration: WebSocketClientConfiguration
        let handler: WebSocketDataHandler<Context>

        func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(
                    maxFrameSize: configuration.maxFrameSize,
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                        }
                    })
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: authority)
                headers.add(name: "Origin", value: origin)
                for field in configuration.additionalHeaders {
                    headers.add(name: field.name.rawName, value: field.value)
                }
                let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: .init(
                    upgradeRequestHead: head, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.declined) }))
                pipeline.leftOverBytesStrategy = .forwardBytes
                if let sslContext {
                    let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                    try channel.pipeline.syncOperations.addHandler(tls, position: .first)
                }
                return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
            }
        }

        func handle(value: Value, logger: Logger) async throws -> WebSocketCloseFrame? {
            switch try await value.get() {
            case let .websocket(socket):
                return try await WebSocketHandler.handle(
                    type: .client,
                    configuration: .init(
                        extensions: [], autoPing: configuration.autoPing, closeTimeout: configuration.closeTimeout,
                        validateUTF8: configuration.validateUTF8,
                        ignoreUncleanSSLShutdownErrors: configuration.ignoreUncleanSSLShutdownErrors,
                        maxFrameSize: configuration.maxFrameSize),
                    asyncChannel: socket, context: Context(logger: logger), handler: handler)
            case .declined:
                throw ConnectError.upgradeRefused
            }
        }
    }
}
