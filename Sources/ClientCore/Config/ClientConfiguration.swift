import Foundation

/// The client's settings from `$XDG_CONFIG_HOME/kaamos/config.toml` (default `~/.config`), and the
/// rule that picks each one: flag, then environment, then config file, then default (CLI.md).
///
/// The file is a TOML subset read without a dependency: `key = "string"` lines, `#` comments,
/// blank lines and `[table]` headers (whose keys are ignored); basic strings take the escapes
/// `\" \\ \n \t`, literal strings ('...') none. Unknown keys are ignored so that other tools'
/// settings can share the file.
public struct ClientConfiguration: Sendable, Equatable {
    public var server: String?
    public var adminToken: String?
    public var name: String?
    /// PEM file of the CA (or self-signed certificate) that vouches for the server (`ca_file`).
    public var caFile: String?

    public init(server: String? = nil, adminToken: String? = nil, name: String? = nil, caFile: String? = nil) {
        self.server = server
        self.adminToken = adminToken
        self.name = name
        self.caFile = caFile
    }

    /// Parses the file's text; a malformed line is an error naming its line number.
    public init(toml text: String) throws(ClientConfigurationError) {
        var inTopLevel = true
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = Self.strippingComment(Substring(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw .malformed(line: lineNumber, "a table header must end with ]") }
                inTopLevel = false
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformed(line: lineNumber, "expected key = \"value\"")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let valueText = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw .malformed(line: lineNumber, "the key is missing") }
            guard inTopLevel else { continue }
            switch key {
            case "server", "admin_token", "name", "ca_file":
                guard let value = Self.string(valueText) else {
                    throw .malformed(line: lineNumber, "\(key) must be a quoted string")
                }
                switch key {
                case "server": server = value
                case "admin_token": adminToken = value
                case "ca_file": caFile = value
                default: name = value
                }
            default:
                continue
            }
        }
    }

    /// The file at `$XDG_CONFIG_HOME/kaamos/config.toml`, or `$HOME/.config/...` when XDG_CONFIG_HOME is unset.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/kaamos/config.toml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/kaamos/config.toml" }
        return nil
    }

    /// Reads the default file; a missing file is an empty configuration, an unreadable or
    /// malformed one an error.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ClientConfigurationError) -> ClientConfiguration {
        guard let path = defaultPath(environment: environment) else { return ClientConfiguration() }
        return try load(path: path)
    }

    public static func load(path: String) throws(ClientConfigurationError) -> ClientConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return ClientConfiguration() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path)
        }
        do {
            return try ClientConfiguration(toml: text)
        } catch let .malformed(line, reason) {
            throw .malformedFile(path: path, line: line, reason)
        }
    }

    /// The server URL: flag, then KAAMOS_SERVER, then the file's `server`, then http://127.0.0.1:8080.
    public func server(flag: String?, environment: [String: String]) -> String {
        Self.first(flag, environment["KAAMOS_SERVER"], server) ?? ServerEndpoint.defaultServer
    }

    /// The admin token: flag, then KAAMOS_ADMIN_TOKEN, then the file's `admin_token`; nil when none.
    public func adminToken(flag: String?, environment: [String: String]) -> String? {
        Self.first(flag, environment["KAAMOS_ADMIN_TOKEN"], adminToken)
    }

    /// The display name: flag, then KAAMOS_NAME, then the file's `name`.
    public func name(flag: String?, environment: [String: String]) -> String? {
        Self.first(flag, environment["KAAMOS_NAME"], name)
    }

    /// The CA file: flag, then KAAMOS_CA_FILE, then the file's `ca_file`; nil for the system's CAs.
    /// (`--insecure` has no such fallback: it is only ever what the command line asks for.)
    public func caFile(flag: String?, environment: [String: String]) -> String? {
        Self.first(flag, environment["KAAMOS_CA_FILE"], caFile)
    }

    private static func first(_ candidates: String?...) -> String? {
        candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
    }

    /// Drops a `#` comment that is not inside a quoted string.
    private static func strippingComment(_ line: Substring) -> Substring {
        var quote: Character?
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" && open == "\"" { escaped = true } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return line[..<index]
            }
        }
        return line
    }

    /// The value of a basic ("...") or literal ('...') string, nil when it is not one.
    private static func string(_ text: String) -> String? {
        guard text.count >= 2, let open = text.first, open == "\"" || open == "'", text.last == open else { return nil }
        let body = text.dropFirst().dropLast()
        if open == "'" { return body.contains("'") ? nil : String(body) }
        var result = ""
        var escaped = false
        for character in body {
            if escaped {
                switch character {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaped ? nil : result
    }
}

/// Why the config file could not be used, in one sentence.
public enum ClientConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(line: Int, String)
    case malformedFile(path: String, line: Int, String)
    case unreadable(path: String)

    public var description: String {
        switch self {
        case let .malformed(line, reason): return "Line \(line) of the config file is malformed: \(reason)."
        case let .malformedFile(path, line, reason): return "Line \(line) of \(path) is malformed: \(reason)."
        case let .unreadable(path): return "Cannot read the config file \(path) as UTF-8 text."
        }
    }
}
