import Foundation
import NIOSSL

/// Where a Kaamos server is and which room a user means, from `ROOM_ID_OR_URL` and `--server`,
/// and how to trust it over https (`--ca-file`, `--insecure`).
public struct ServerEndpoint: Sendable, Equatable {
    /// http(s)://host[:port] with no trailing slash.
    public var baseURL: String
    /// Used for https:// and wss:// only.
    public var trust: ServerTrust = .system

    public init(baseURL: String) throws(EndpointError) {
        var text = baseURL.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/"
        else { throw .badServer(baseURL) }
        self.baseURL = text
    }

    public static let defaultServer = "http://127.0.0.1:8080"

    public var isSecure: Bool { baseURL.lowercased().hasPrefix("https://") }

    /// The host as written in the URL, without IPv6 brackets.
    public var host: String { URLComponents(string: baseURL)?.host.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) } ?? "" }

    /// The port, or the scheme's default.
    public var port: Int { URLComponents(string: baseURL)?.port ?? (isSecure ? 443 : 80) }

    /// The TLS configuration for this server's connections, nil over plain http.
    public func tlsConfiguration() throws(ServerTrustError) -> TLSConfiguration? {
        isSecure ? try trust.makeTLSConfiguration() : nil
    }

    /// The WebSocket URL of a room's signaling: the scheme follows the server's (https → wss).
    public func signalingURL(room: String) -> String {
        let socketBase = isSecure ? "wss://" + baseURL.dropFirst(8) : "ws://" + baseURL.dropFirst(7)
        return "\(socketBase)/ws/\(room)"
    }

    public func url(_ path: String) -> URL? { URL(string: baseURL + path) }

    /// Splits `ROOM_ID_OR_URL`: a room link (https://host/room/ID) names its own server; a bare id
    /// uses `server` (flag, environment or config) or the default.
    public static func resolve(roomOrURL: String, server: String?) throws(EndpointError) -> (ServerEndpoint, String) {
        let text = roomOrURL.trimmingCharacters(in: .whitespaces)
        if text.contains("://") {
            guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.host else {
                throw .badRoom(roomOrURL)
            }
            let parts = components.path.split(separator: "/")
            guard parts.count == 2, parts[0] == "room" else { throw .badRoom(roomOrURL) }
            let room = String(parts[1])
            guard isRoomID(room) else { throw .badRoom(roomOrURL) }
            let port = components.port.map { ":\($0)" } ?? ""
            return (try ServerEndpoint(baseURL: "\(scheme)://\(host)\(port)"), room)
        }
        guard isRoomID(text) else { throw .badRoom(roomOrURL) }
        return (try ServerEndpoint(baseURL: server ?? defaultServer), text)
    }

    /// ^[a-zA-Z0-9]{10}$ (the Kaamos spec, 4.4).
    public static func isRoomID(_ text: String) -> Bool {
        text.utf8.count == 10 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }
}

public enum EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case badServer(String)
    case badRoom(String)

    public var description: String {
        switch self {
        case let .badServer(text): return "'\(text)' is not a server URL (expected http://host:port or https://host)."
        case let .badRoom(text): return "'\(text)' is neither a room id (10 letters and digits) nor a room link (https://host/room/ID)."
        }
    }
}
