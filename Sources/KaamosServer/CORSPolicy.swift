import Hummingbird

/// CORS for a web page served from another origin (spec 4.4): `*` or a list of allowed origins.
/// Preflight requests are answered here; other answers get the allow headers added.
struct CORSPolicy: RouterMiddleware {
    typealias Context = ServerRequestContext
    let origins: [String]

    static let allowMethods = "GET, POST, DELETE, HEAD, OPTIONS"
    static let allowHeaders = "Accept, Authorization, Content-Type, Origin"

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, nil when not allowed.
    func allowedOrigin(for origin: String) -> String? {
        if origins.contains("*") { return "*" }
        return origins.contains(origin) ? origin : nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], let allowed = allowedOrigin(for: origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = allowed
            headers[.accessControlAllowMethods] = Self.allowMethods
            headers[.accessControlAllowHeaders] = Self.allowHeaders
            headers[.accessControlMaxAge] = "600"
            if allowed != "*" { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = "Retry-After, Location"
        if allowed != "*" { response.headers[.vary] = "Origin" }
        return response
    }
}
