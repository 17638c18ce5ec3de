import ClientCore
import Foundation

/// Options from flags, then the environment, then the config file
/// ($XDG_CONFIG_HOME/kaamos/config.toml), then defaults; a malformed file is ignored here (the
/// admin commands report it) so that a call still starts.
enum ClientSettings {
    static var configuration: ClientConfiguration { (try? ClientConfiguration.load()) ?? ClientConfiguration() }
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func server(flag: String?) -> String { configuration.server(flag: flag, environment: environment) }

    static func name(flag: String?) -> String? { configuration.name(flag: flag, environment: environment) }
}
