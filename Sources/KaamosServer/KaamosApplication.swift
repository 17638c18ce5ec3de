import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Builds the server: HTTP API, admin API, web page, signaling and admin WebSockets, with a new
/// hub around `router`.
public func makeApplication(
    configuration: ServerConfiguration,
    router media: any MediaRouting,
    clock: any ServerClock = SystemClock(),
    logger: Logger = Logger(label: "kaamos-server"),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    makeApplication(
        hub: RoomHub(configuration: configuration, media: media, clock: clock, logger: logger),
        logger: logger, onServerRunning: onServerRunning)
}

/// Builds the server around an existing hub (tests keep the hub to drive its clock and sweep).
/// With `tls` the listener speaks only HTTPS and WSS, with the store's certificate of the moment,
/// and every answer carries HSTS.
public func makeApplication(
    hub: RoomHub,
    logger: Logger = Logger(label: "kaamos-server"),
    tls: TLSCertificateStore? = nil,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = hub.configuration
    let authorization = AdminAuthorization(token: configuration.effectiveAdminToken)

    let router = Router(context: ServerRequestContext.self)
    if tls != nil {
        router.add(middleware: StrictTransportSecurity(maxAge: configuration.tls.effectiveHSTSMaxAge))
    }
    router.add(middleware: ErrorCountingMiddleware(metrics: hub.metrics))
    router.add(middleware: CORSPolicy(origins: configuration.corsOrigins))
    APIRoutes(hub: hub, openAPI: OpenAPIDocument.load(), secure: tls != nil).register(on: router)
    AdminRoutes(hub: hub, authorization: authorization).register(on: router)
    WebRoutes(files: WebFiles(override: configuration.webRoot)).register(on: router)

    let webSocketRouter = Router(context: ServerRequestContext.self)
    WebSocketRoutes(hub: hub, authorization: authorization).register(on: webSocketRouter)

    let webSocketResponder = webSocketRouter.buildResponder()
    let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(ws: WebSocketServerConfiguration(
        maxFrameSize: configuration.maxMessageBytes * 4,
        // A client that vanished (no close frame) keeps its seat until a ping goes
        // unanswered: at most two periods.
        autoPing: .enabled(timePeriod: .seconds(10)),
        closeTimeout: .seconds(5)))
    let server = HTTPServerBuilder { responder -> any ServerChildChannel in
        let plain = HTTP1WebSocketUpgradeChannel(
            responder: responder, webSocketResponder: webSocketResponder, configuration: channelConfiguration)
        guard let tls else { return plain }
        return ReloadingTLSChannel(base: plain, store: tls)
    }
    return Application(
        router: router,
        server: server,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "kaamos-server"),
        services: [HubMaintenanceService(hub: hub)],
        onServerRunning: onServerRunning,
        logger: logger)
}

/// Runs the server until SIGINT or SIGTERM, then shuts down gracefully: participants get
/// `room-closed` ("server shutting down") and every connection closes before the server stops.
/// With `tls`, SIGHUP reloads the certificate, and `--redirect-http` adds a plain-HTTP listener
/// that redirects to HTTPS.
public func runServer(
    hub: RoomHub,
    logger: Logger,
    tls: TLSCertificateStore? = nil,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
    onRedirectRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws {
    let boundPort = NIOLockedValueBox(hub.configuration.port)
    let application = makeApplication(hub: hub, logger: logger, tls: tls) { channel in
        if let port = channel.localAddress?.port { boundPort.withLockedValue { $0 = port } }
        await onServerRunning(channel)
    }
    var services: [any Service] = []
    if let tls {
        services.append(CertificateReloadService(store: tls, logger: logger))
        if let redirectPort = hub.configuration.tls.redirectHTTPPort {
            services.append(makeHTTPSRedirectApplication(
                host: hub.configuration.host, port: redirectPort, publicURL: hub.configuration.publicURL,
                httpsPort: { boundPort.withLockedValue { $0 } }, logger: logger, onServerRunning: onRedirectRunning))
        }
    }
    let group = makeServiceGroup(
        application: application, hub: hub, logger: logger, signals: [.sigterm, .sigint], additionalServices: services)
    try await group.run()
}

/// The application and the shutdown notifier in the order that lets the notifier run first;
/// `additionalServices` (the redirect listener, the certificate reloader) stop after both.
public func makeServiceGroup(
    application: some ApplicationProtocol, hub: RoomHub, logger: Logger, signals: [UnixSignal] = [],
    additionalServices: [any Service] = []
) -> ServiceGroup {
    ServiceGroup(configuration: .init(
        services: additionalServices.map { .init(service: $0) } + [
            .init(service: application),
            .init(service: HubShutdownService(hub: hub)),
        ],
        gracefulShutdownSignals: signals,
        logger: logger))
}
