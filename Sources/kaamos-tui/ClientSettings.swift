import Foundation

/// Options from flags, then the environment, then the config file
/// ($XDG_CONFIG_HOME/kaamos/config.toml: `server = "…"`, `name = "…"`), then defaults.
enum ClientSettings {
    static func value(flag: String?, environment key: String, config configKey: String) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = ProcessInfo.processInfo.environment[key], !value.isEmpty { return value }
        return configFile()[configKey]
    }

    /// `key = "value"` lines of the config file; anything else is ignored.
    static func configFile() -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { "\($0)/.config" } ?? ""
        guard let text = try? String(contentsOfFile: "\(base)/kaamos/config.toml", encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            values[key] = value
        }
        return values
    }
}
