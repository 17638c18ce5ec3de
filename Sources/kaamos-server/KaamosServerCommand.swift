import ArgumentParser
import Foundation
import KaamosServer
import KaamosNode
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
            down gracefully: every participant receives room-closed ("server shutting down"). \
            With --tls-cert and --tls-key (or --self-signed) the port speaks only HTTPS and WSS; \
            SIGHUP reloads the certificate for new connections while open calls go on.
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

    @Option(help: ArgumentHelp("PEM certificate chain, leaf first: serve HTTPS and WSS (reloaded on SIGHUP).", valueName: "pem"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "pem"))
    var tlsKey: String?

    @Flag(help: "Development: serve HTTPS with a certificate made at startup for localhost, 127.0.0.1, ::1, --host and the public URL's host; its fingerprints are logged.")
    var selfSigned = false

    @Option(help: ArgumentHelp("Keep the --self-signed certificate and key in this directory (cert.pem, key.pem) for clients to trust; reused while valid.", valueName: "dir"))
    var selfSignedDir: String?

    @Option(help: ArgumentHelp("Also listen for plain HTTP on this port and answer 308 to the https URL.", valueName: "port"))
    var redirectHTTP: Int?

    @Option(help: ArgumentHelp("max-age of Strict-Transport-Security on TLS answers (default 63072000; 0 with --self-signed).", valueName: "seconds"))
    var hstsMaxAge: Int?

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
        if selfSigned, tlsCert != nil || tlsKey != nil {
            throw ValidationError("--self-signed and --tls-cert/--tls-key exclude each other: pick one.")
        }
        if let redirectHTTP, !(0...65535).contains(redirectHTTP) { throw ValidationError("--redirect-http must be between 0 and 65535.") }
        if let hstsMaxAge, hstsMaxAge < 0 { throw ValidationError("--hsts-max-age must not be negative.") }
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
        overrides.tlsCertificatePath = tlsCert
        overrides.tlsKeyPath = tlsKey
        overrides.selfSigned = selfSigned
        overrides.selfSignedDirectory = selfSignedDir
        overrides.redirectHTTPPort = redirectHTTP
        overrides.hstsMaxAge = hstsMaxAge
        overrides.turn = turnSettings
        let resolved = ServerConfiguration.resolve(
            file: file, environment: ProcessInfo.processInfo.environment, overrides: overrides)
        let settings = resolved.server
        if let problem = settings.tls.problem {
            FileHandle.standardError.write(Data("kaamos-server: \(problem)\n".utf8))
            throw ExitCode(78)
        }
        // The certificate is checked before anything listens: a bad one stops the start with
        // the reason, rather than failing every handshake later.
        let tls: TLSCertificateStore?
        do {
            tls = try TLSCertificateStore.make(for: settings)
        } catch {
            FileHandle.standardError.write(Data("kaamos-server: TLS: \(error)\n".utf8))
            throw ExitCode(78)
        }

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
        if let tls {
            Self.logCertificate(tls, settings: settings, logger: logger)
            if let publicURL = settings.publicURL, publicURL.lowercased().hasPrefix("http://") {
                logger.warning("--public-url is http:// while this server speaks only HTTPS: room links will not open")
            }
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
                    case let .mediaRejected(participant, rejection):
                        logger.warning("offer's m-line rejected", metadata: [
                            "participant": "\(participant)", "mid": "\(rejection.mid)", "kind": "\(rejection.kind)",
                            "reason": "\(rejection.reason)",
                        ])
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
            try await runServer(hub: hub, logger: logger, tls: tls, onServerRunning: { channel in
                logger.info("listening", metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "?")", "scheme": "\(tls == nil ? "http" : "https")",
                ])
            }, onRedirectRunning: { channel in
                logger.info("redirecting plain HTTP to HTTPS", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
            })
        } catch {
            FileHandle.standardError.write(Data("kaamos-server: cannot serve on \(settings.host):\(settings.port): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// What the certificate is and how to trust it; for a self-signed one also on stdout, where a
    /// developer or a test script reads it.
    static func logCertificate(_ store: TLSCertificateStore, settings: ServerConfiguration, logger: Logger) {
        let certificate = store.certificate
        logger.info("TLS certificate", metadata: ["certificate": "\(certificate.summary)"])
        if certificate.notValidAfter < Date() {
            logger.warning("the TLS certificate has expired: clients will refuse it")
        }
        guard store.source == .generated else { return }
        var lines = [
            "kaamos-server: self-signed certificate for \(certificate.names.joined(separator: ", "))",
            "  SHA-256 fingerprint: \(certificate.fingerprintSHA256)",
            "  SPKI SHA-256 (base64, for chromium --ignore-certificate-errors-spki-list): \(certificate.publicKeySHA256Base64)",
        ]
        if let directory = settings.tls.selfSignedDirectory {
            lines.append("  certificate: \(directory)/\(SelfSignedCertificate.certificateFile) (kaamos-tui --ca-file, curl --cacert)")
        }
        // Unbuffered: a script waiting for these lines gets them before the first request.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
