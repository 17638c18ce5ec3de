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
        if let turn = overrides.turn { configuration.turn = turn }
        return ResolvedConfiguration(server: configuration, logLevel: overrides.logLevel ?? file?.logLevel ?? "info")
    }
}
