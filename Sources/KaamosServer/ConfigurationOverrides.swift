import Foundation

/// What the command line sets; nil means "not given". Resolution order: these, then the
/// environment, then the config file, then the defaults.
public struct ConfigurationOverrides: Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var publicURL: String?
    public var adminToken: String?
    public var maxParticipants: Int?
    public var maxRooms: Int?
    public var banSeconds: Double?
    public var webRoot: String?
    public var logLevel: String?
    public var trustForwardedFor = false
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    public var redirectHTTPPort: Int?
    public var hstsMaxAge: Int?
    public var selfSigned = false
    public var selfSignedDirectory: String?
    /// Replaces the config file's TURN server when set.
    public var turn: TURNSettings?

    public init() {}
}

/// The settings the server runs with, and the log level to use.
public struct ResolvedConfiguration: Sendable {
    public var server: ServerConfiguration
    public var logLevel: String
}

extension ServerConfiguration {
    /// The environment variable holding the admin token.
    public static let adminTokenVariable = "KAAMOS_ADMIN_TOKEN"

    /// Merges the defaults, the config file, the environment and the command line, the later winning.
    public static func resolve(
        file: ConfigurationFile?, environment: [String: String], overrides: ConfigurationOverrides
    ) -> ResolvedConfiguration {
        var configuration = ServerConfiguration()
        file?.apply(to: &configuration)
        if let token = environment[adminTokenVariable], !token.isEmpty {
            configuration.adminToken = token
        }
        if let host = overrides.host { configuration.host = host }
        if let port = overrides.port { configuration.port = port }
        if let publicURL = overrides.publicURL { configuration.publicURL = publicURL }
        if let adminToken = overrides.adminToken { configuration.adminToken = adminToken }
        if let maxParticipants = overrides.maxParticipants { configuration.limits.maxParticipantsPerRoom = maxParticipants }
        if let maxRooms = overrides.maxRooms { configuration.limits.maxRooms = maxRooms }
        if let banSeconds = overrides.banSeconds { configuration.limits.banDuration = banSeconds }
        if let webRoot = overrides.webRoot { configuration.webRoot = webRoot }
        if overrides.trustForwardedFor { configuration.trustForwardedFor = true }
        // Certificate files on the command line replace a config file's self-signed mode, and
        // the other way round, so that one flag is enough to switch.
        if overrides.tlsCertificatePath != nil || overrides.tlsKeyPath != nil {
            configuration.tls.selfSigned = false
            configuration.tls.selfSignedDirectory = nil
            if let path = overrides.tlsCertificatePath { configuration.tls.certificatePath = path }
            if let path = overrides.tlsKeyPath { configuration.tls.keyPath = path }
        }
        if overrides.selfSigned {
            configuration.tls.selfSigned = true
            configuration.tls.certificatePath = nil
            configuration.tls.keyPath = nil
        }
        if let directory = overrides.selfSignedDirectory { configuration.tls.selfSignedDirectory = directory }
        if let port = overrides.redirectHTTPPort { configuration.tls.redirectHTTPPort = port }
        if let maxAge = overrides.hstsMaxAge { configuration.tls.hstsMaxAge = maxAge }
        if let turn = overrides.turn { configuration.turn = turn }
        return ResolvedConfiguration(server: configuration, logLevel: overrides.logLevel ?? file?.logLevel ?? "info")
    }
}
