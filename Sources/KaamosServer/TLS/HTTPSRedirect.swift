import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `--redirect-http PORT`: a plain-HTTP listener that answers every request with 308 to the same
/// path and query over HTTPS. 308 (not 301) keeps the method and body, so a POST to the API
/// arrives as a POST. No HSTS here: browsers ignore it over plain HTTP (RFC 6797 8.1).
struct HTTPSRedirect: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The base of every Location when a public URL is configured (`https://kaamos.example.com`).
    let publicURL: String?
    /// The TLS listener's port, read per request: with port 0 it is known only once bound.
    let httpsPort: @Sendable () -> Int
    /// Used when the request has no Host header (HTTP/1.0).
    let fallbackHost: String

    func respond(to request: Request, context: Context) async throws -> Response {
        var headers = HTTPFields()
        headers[.location] = location(for: request.head.authority, pathAndQuery: request.head.path ?? "/")
        headers[.contentLength] = "0"
        return Response(status: .permanentRedirect, headers: headers)
    }

    func location(for authority: String?, pathAndQuery: String) -> String {
        let path = pathAndQuery.hasPrefix("/") ? pathAndQuery : "/" + pathAndQuery
        if var base = publicURL, base.lowercased().hasPrefix("https://") {
            while base.hasSuffix("/") { base.removeLast() }
            return base + path
        }
        let host = authority.map(Self.hostWithoutPort) ?? fallbackHost
        let port = httpsPort()
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "https://\(hostText)\(port == 443 ? "" : ":\(port)")\(path)"
    }

    /// `example.com:8080` → `example.com`, `[::1]:8080` → `[::1]`.
    static func hostWithoutPort(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon {
            return String(authority[..<colon])
        }
        return authority
    }
}

/// The redirect listener as a service of its own, beside the TLS application.
func makeHTTPSRedirectApplication(
    host: String, port: Int, publicURL: String?, httpsPort: @escaping @Sendable () -> Int, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        responder: HTTPSRedirect(publicURL: publicURL, httpsPort: httpsPort, fallbackHost: host),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "kaamos-server"),
        onServerRunning: onServerRunning,
        logger: logger)
}
