import ArgumentParser
import Foundation
import KaamosServer
import KaamosSFU
import Logging
import RTCBase

/// `kaamos-server`: argument parsing and wiring only; the server lives in KaamosServer.
@main
struct KaamosServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaamos-server",
        abstract: "The Kaamos call server: HTTP API, WebSocket signaling, admin API and the web page.",
        discussion: """
            Settings come from the flags, then the environment (KAAMOS_ADMIN_TOKEN), then the TOML \
            file given with --config, then the defaults. Logs go to stderr. SIGINT or SIGTERM shuts \
            down gracefully: every participant receives room-closed ("server shutting down").
            """,
        version: KaamosServerVersion.current)

    @Option(help: "Address to listen on.")
    var host: String?

    @Option(help: "TCP port to listen on (default 8080).")
    var port: Int?

    @Option(help: ArgumentHelp("Base URL of room links, e.g. https://kaamos.example.com (default: from the request's Host).", valueName: "url"))
    var publicURL: String?

    @Option(help: ArgumentHelp("Bearer token of the admin API (or KAAMOS_ADMIN_TOKEN); without one the admin API answers 401.", valueName: "token"))
    var adminToken: String?

    @Option(help: ArgumentHelp("TOML config file.", valueName: "file"))
    var config: String?

    @Option(help: "Participants a room holds (default 4).")
    var maxParticipants: Int?

    @Option(help: "Live rooms the server holds (default 50).")
    var maxRooms: Int?

    @Option(help: "Seconds a kicked participant may not rejoin the room (default 60).")
    var banSeconds: Double?

    @Option(help: ArgumentHelp("Directory of the web page's files, instead of the bundled copy.", valueName: "dir"))
    var webRoot: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    @Flag(help: "Take client addresses from X-Forwarded-For (behind a reverse proxy).")
    var trustProxy = false

    @Option(help: "UDP port for media on every address (default: one the system picks).")
    var mediaPort: Int?

    @Option(help: ArgumentHelp("IP address to receive media on (repeatable; default: every usable interface).", valueName: "ip"))
    var mediaAddress: [String] = []

    @Flag(help: "Run signaling without the SFU (offers are answered with an error).")
    var noMedia = false

    @Option(help: ArgumentHelp("TURN server handed to participants, e.g. turn:turn.example.com:3478 (repeatable).", valueName: "url"))
    var turnURL: [String] = []

    @Option(help: ArgumentHelp("TURN shared secret (coturn's static-auth-secret): each participant gets a credential valid --turn-credential-seconds.", valueName: "secret"))
    var turnSecret: String?

    @Option(help: ArgumentHelp("Static TURN user, with --turn-password, instead of a shared secret.", valueName: "name"))
    var turnUser: String?

    @Option(help: ArgumentHelp("Password of --turn-user.", valueName: "password"))
    var turnPassword: String?

    @Option(help: "Lifetime of shared-secret TURN credentials in seconds (default 86400).")
    var turnCredentialSeconds: Int?

    /// The TURN server the flags describe, nil when they name none.
    private var turnSettings: TURNSettings? {
        guard !turnURL.isEmpty else { return nil }
        let credentials: TURNSettings.Credentials
        if let turnSecret {
            credentials = .sharedSecret(turnSecret)
        } else if let turnUser, let turnPassword {
            credentials = .staticUser(username: turnUser, password: turnPassword)
        } else {
            return nil
        }
        return TURNSettings(urls: turnURL, credentials: credentials, credentialLifetime: TimeInterval(turnCredentialSeconds ?? 86_400))
    }

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if let maxParticipants, maxParticipants < 1 { throw ValidationError("--max-participants must be at least 1.") }
        if let maxRooms, maxRooms < 1 { throw ValidationError("--max-rooms must be at least 1.") }
        if let banSeconds, banSeconds < 0 { throw ValidationError("--ban-seconds must not be negative.") }
        if let mediaPort, !(0...65535).contains(mediaPort) { throw ValidationError("--media-port must be between 0 and 65535.") }
        for address in mediaAddress where TransportAddress.IP(parsing: address) == nil {
            throw ValidationError("--media-address '\(address)' is not an IP address.")
        }
        for url in turnURL {
            if let problem = TURNSettings.problem(with: url) { throw ValidationError("--turn-url: \(problem).") }
        }
        if !turnURL.isEmpty, turnSettings == nil {
            throw ValidationError("--turn-url needs --turn-secret, or --turn-user and --turn-password.")
        }
        if turnURL.isEmpty, turnSecret != nil || turnUser != nil {
            throw ValidationError("--turn-secret and --turn-user need --turn-url.")
        }
        if let turnCredentialSeconds, turnCredentialSeconds <= 0 {
            throw ValidationError("--turn-credential-seconds must be positive.")
        }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    func run() async throws {
        var file: ConfigurationFile?
        if let config {
            do {
                file = try ConfigurationFile(contentsOf: config)
            } catch {
                FileHandle.standardError.write(Data("kaamos-server: \(error)\n".utf8))
                throw ExitCode(78)
            }
        }
        var overrides = ConfigurationOverrides()
        overrides.host = host
        overrides.port = port
        overrides.publicURL = publicURL
        overrides.adminToken = adminToken
        overrides.maxParticipants = maxParticipants
        overrides.maxRooms = maxRooms
        overrides.banSeconds = banSeconds
        overrides.webRoot = webRoot
        overrides.logLevel = logLevel
        overrides.trustForwardedFor = trustProxy
        overrides.turn = turnSettings
        let resolved = ServerConfiguration.resolve(
            file: file, environment: ProcessInfo.processInfo.environment, overrides: overrides)
        let settings = resolved.server

        let level = Logger.Level(rawValue: resolved.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "kaamos-server")
        if settings.adminToken?.isEmpty ?? true {
            logger.notice("no admin token configured: the admin API answers 401")
        }

        let media: any MediaRouting
        if noMedia {
            media = NullMediaRouter()
        } else {
            do {
                let addresses = mediaAddress.isEmpty ? nil : mediaAddress.compactMap(TransportAddress.IP.init(parsing:))
                let router = try SFUMediaRouter(addresses: addresses, port: UInt16(mediaPort ?? 0)) { event in
                    switch event {
                    case let .connectionStateChanged(participant, state):
                        logger.info("media connection", metadata: ["participant": "\(participant)", "state": "\(state.rawValue)"])
                    case let .failure(participant, message):
                        logger.warning("media failure", metadata: ["participant": "\(participant)", "reason": "\(message)"])
                    case .signal:
                        break
                    }
                }
                logger.info("media", metadata: ["udp": "\(router.media.localAddresses.map(\.description).joined(separator: " "))"])
                media = router
            } catch {
                FileHandle.standardError.write(Data("kaamos-server: cannot open the media sockets: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
        let hub = RoomHub(configuration: settings, media: media, logger: logger)
        do {
            try await runServer(hub: hub, logger: logger) { channel in
                logger.info("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
            }
        } catch {
            FileHandle.standardError.write(Data("kaamos-server: cannot serve on \(settings.host):\(settings.port): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
