import Foundation
import TOMLKit
import KaamosWire

/// The TOML config file (`--config`). Every key is optional; a key set here is overridden by the
/// environment and the command line.
///
/// ```toml
/// host = "0.0.0.0"
/// port = 8080
/// public_url = "https://kaamos.example.com"
/// admin_token = "…"
/// max_rooms = 50
/// max_participants = 4
/// ban_seconds = 60
/// room_lifetime_seconds = 86400
/// create_limit_per_minute = 10
/// max_message_bytes = 65536
/// web_root = "/srv/kaamos/web"
/// cors_origins = ["https://kaamos.example.com"]
/// trust_forwarded_for = true
/// log_level = "info"
/// tls_cert = "/etc/letsencrypt/live/kaamos.example.com/fullchain.pem"
/// tls_key = "/etc/letsencrypt/live/kaamos.example.com/privkey.pem"
/// redirect_http_port = 80
/// hsts_max_age = 63072000
/// self_signed = false
/// self_signed_dir = "/var/lib/kaamos/tls"
/// turn_urls = ["turn:turn.example.com:3478", "turns:turn.example.com:5349"]
/// turn_secret = "…"              # coturn's static-auth-secret: per-participant credentials
/// turn_credential_seconds = 86400
/// # or a static user: turn_username = "kaamos", turn_password = "…"
/// [[ice_servers]]
/// urls = "stun:stun.example.org:3478"
/// ```
public struct ConfigurationFile: Decodable, Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var publicURL: String?
    public var adminToken: String?
    public var maxRooms: Int?
    public var maxParticipants: Int?
    public var banSeconds: Int?
    public var roomLifetimeSeconds: Int?
    public var createLimitPerMinute: Int?
    public var maxMessageBytes: Int?
    public var webRoot: String?
    public var corsOrigins: [String]?
    public var trustForwardedFor: Bool?
    public var logLevel: String?
    public var iceServers: [ICEServer]?
    public var tlsCert: String?
    public var tlsKey: String?
    public var redirectHTTPPort: Int?
    public var hstsMaxAge: Int?
    public var selfSigned: Bool?
    public var selfSignedDir: String?
    public var turnURLs: [String]?
    public var turnSecret: String?
    public var turnUsername: String?
    public var turnPassword: String?
    public var turnCredentialSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case host, port
        case publicURL = "public_url"
        case adminToken = "admin_token"
        case maxRooms = "max_rooms"
        case maxParticipants = "max_participants"
        case banSeconds = "ban_seconds"
        case roomLifetimeSeconds = "room_lifetime_seconds"
        case createLimitPerMinute = "create_limit_per_minute"
        case maxMessageBytes = "max_message_bytes"
        case webRoot = "web_root"
        case corsOrigins = "cors_origins"
        case trustForwardedFor = "trust_forwarded_for"
        case logLevel = "log_level"
        case iceServers = "ice_servers"
        case tlsCert = "tls_cert"
        case tlsKey = "tls_key"
        case redirectHTTPPort = "redirect_http_port"
        case hstsMaxAge = "hsts_max_age"
        case selfSigned = "self_signed"
        case selfSignedDir = "self_signed_dir"
        case turnURLs = "turn_urls"
        case turnSecret = "turn_secret"
        case turnUsername = "turn_username"
        case turnPassword = "turn_password"
        case turnCredentialSeconds = "turn_credential_seconds"
    }

    /// Why a config file could not be used.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(toml text: String, path: String = "config") throws(LoadError) {
        do {
            self = try TOMLDecoder().decode(ConfigurationFile.self, from: text)
        } catch {
            throw LoadError(description: "The config file \(path) is not valid: \(Self.describe(error))")
        }
        if let problem = turnProblem {
            throw LoadError(description: "The config file \(path) is not valid: \(problem)")
        }
    }

    public init(contentsOf path: String) throws(LoadError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadError(description: "The config file \(path) cannot be read.")
        }
        try self.init(toml: text, path: path)
    }

    /// Sets in `configuration` every key this file gives.
    public func apply(to configuration: inout ServerConfiguration) {
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let publicURL { configuration.publicURL = publicURL }
        if let adminToken { configuration.adminToken = adminToken }
        if let maxRooms { configuration.limits.maxRooms = maxRooms }
        if let maxParticipants { configuration.limits.maxParticipantsPerRoom = maxParticipants }
        if let banSeconds { configuration.limits.banDuration = TimeInterval(banSeconds) }
        if let roomLifetimeSeconds { configuration.limits.roomLifetime = TimeInterval(roomLifetimeSeconds) }
        if let createLimitPerMinute { configuration.createLimit = createLimitPerMinute }
        if let maxMessageBytes { configuration.maxMessageBytes = maxMessageBytes }
        if let webRoot { configuration.webRoot = webRoot }
        if let corsOrigins { configuration.corsOrigins = corsOrigins }
        if let trustForwardedFor { configuration.trustForwardedFor = trustForwardedFor }
        if let iceServers { configuration.iceServers = iceServers }
        if let tlsCert { configuration.tls.certificatePath = tlsCert }
        if let tlsKey { configuration.tls.keyPath = tlsKey }
        if let redirectHTTPPort { configuration.tls.redirectHTTPPort = redirectHTTPPort }
        if let hstsMaxAge { configuration.tls.hstsMaxAge = hstsMaxAge }
        if let selfSigned { configuration.tls.selfSigned = selfSigned }
        if let selfSignedDir { configuration.tls.selfSignedDirectory = selfSignedDir }
        if let turnURLs, let credentials = turnCredentials {
            configuration.turn = TURNSettings(urls: turnURLs, credentials: credentials,
                                              credentialLifetime: TimeInterval(turnCredentialSeconds ?? 86_400))
        }
    }

    private var turnProblem: String? {
        guard let turnURLs else {
            return turnSecret != nil || turnUsername != nil ? "turn_secret or turn_username is set but turn_urls is not" : nil
        }
        if let problem = turnURLs.lazy.compactMap(TURNSettings.problem(with:)).first { return "turn_urls: \(problem)" }
        if turnCredentials == nil { return "turn_urls needs turn_secret, or turn_username and turn_password" }
        if let turnCredentialSeconds, turnCredentialSeconds <= 0 { return "turn_credential_seconds must be positive" }
        return nil
    }

    private var turnCredentials: TURNSettings.Credentials? {
        if let turnSecret { return .sharedSecret(turnSecret) }
        if let turnUsername, let turnPassword { return .staticUser(username: turnUsername, password: turnPassword) }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as DecodingError:
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let key = context.codingPath.map(\.stringValue).joined(separator: ".")
                return key.isEmpty ? context.debugDescription : "\(key): \(context.debugDescription)"
            case .keyNotFound(let key, _):
                return "\(key.stringValue) is missing or has the wrong type"
            @unknown default:
                return "\(error)"
            }
        default:
            return "\(error)"
        }
    }
}
