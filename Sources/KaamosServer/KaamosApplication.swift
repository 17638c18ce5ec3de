import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
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
public func makeApplication(
    hub: RoomHub,
    logger: Logger = Logger(label: "kaamos-server"),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = hub.configuration
    let authorization = AdminAuthorization(token: configuration.effectiveAdminToken)

    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: ErrorCountingMiddleware(metrics: hub.metrics))
    router.add(middleware: CORSPolicy(origins: configuration.corsOrigins))
    APIRoutes(hub: hub, openAPI: OpenAPIDocument.load()).register(on: router)
    AdminRoutes(hub: hub, authorization: authorization).register(on: router)
    WebRoutes(files: WebFiles(override: configuration.webRoot)).register(on: router)

    let webSocketRouter = Router(context: ServerRequestContext.self)
    WebSocketRoutes(hub: hub, authorization: authorization).register(on: webSocketRouter)

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: webSocketRouter,
            configuration: .init(ws: WebSocketServerConfiguration(
                maxFrameSize: configuration.maxMessageBytes * 4,
                // A client that vanished (no close frame) keeps its seat until a ping goes
                // unanswered: at most two periods.
                autoPing: .enabled(timePeriod: .seconds(10)),
                closeTimeout: .seconds(5)))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "kaamos-server"),
        services: [HubMaintenanceService(hub: hub)],
        onServerRunning: onServerRunning,
        logger: logger)
}

/// Runs the server until SIGINT or SIGTERM, then shuts down gracefully: participants get
/// `room-closed` ("server shutting down") and every connection closes before the server stops.
public func runServer(
    hub: RoomHub,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws {
    let application = makeApplication(hub: hub, logger: logger, onServerRunning: onServerRunning)
    let group = makeServiceGroup(application: application, hub: hub, logger: logger, signals: [.sigterm, .sigint])
    try await group.run()
}

/// The application and the shutdown notifier in the order that lets the notifier run first.
public func makeServiceGroup(
    application: some ApplicationProtocol, hub: RoomHub, logger: Logger, signals: [UnixSignal] = []
) -> ServiceGroup {
    ServiceGroup(configuration: .init(
        services: [
            .init(service: application),
            .init(service: HubShutdownService(hub: hub)),
        ],
        gracefulShutdownSignals: signals,
        logger: logger))
}
