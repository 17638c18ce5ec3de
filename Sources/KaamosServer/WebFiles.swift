import Foundation

/// The web page's files (index.html, style.css, app.js, webrtc.js, signaling.js and whatever else
/// sits beside them): the copy bundled with the server, or a directory given with `--web-root`.
struct WebFiles: Sendable {
    let root: URL?

    init(override: String?) {
        if let override {
            root = URL(fileURLWithPath: override, isDirectory: true)
        } else {
            root = Bundle.module.url(forResource: "Web", withExtension: nil)
        }
    }

    /// A file by its bare name; nil for names with path separators or a leading dot, and for missing files.
    func file(named name: String) -> (data: Data, contentType: String)? {
        guard Self.isSafeName(name), let root else { return nil }
        let url = root.appendingPathComponent(name, isDirectory: false)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (data, Self.contentType(of: name))
    }

    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 128, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "._-".unicodeScalars.contains(scalar)
        }
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json", "map": "application/json; charset=utf-8"
        case "webmanifest": "application/manifest+json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// The OpenAPI 3.0 document of the HTTP API, bundled with the server.
enum OpenAPIDocument {
    static func load() -> Data? {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { return nil }
        return try? Data(contentsOf: url)
    }
}
