import Foundation
import Hummingbird

/// Checks the admin bearer token. Without a configured token nobody is an admin.
struct AdminAuthorization: Sendable {
    let token: String?

    enum Refusal: Error, CustomStringConvertible {
        case notConfigured
        case missing
        case wrong

        var description: String {
            switch self {
            case .notConfigured: "The admin API is disabled: no admin token is configured on the server."
            case .missing: "The admin API needs an Authorization: Bearer token."
            case .wrong: "The admin token is not valid."
            }
        }
    }

    /// Checks the `Authorization: Bearer …` header, or for WebSocket upgrades from a browser (which
    /// cannot set headers) the `token` query parameter.
    func check(_ request: Request, allowQueryToken: Bool = false) throws(Refusal) {
        guard let token else { throw .notConfigured }
        var presented: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                presented = String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        if presented == nil, allowQueryToken, let query = request.uri.queryParameters.get("token") {
            presented = query
        }
        guard let presented else { throw .missing }
        guard Self.constantTimeEquals(presented, token) else { throw .wrong }
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            let left = index < x.count ? x[index] : 0
            let right = index < y.count ? y[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }

    func unauthorized(_ refusal: Refusal) -> Response {
        .error(.unauthorized, refusal.description, headers: [.wwwAuthenticate: "Bearer realm=\"kaamos-admin\""])
    }
}
