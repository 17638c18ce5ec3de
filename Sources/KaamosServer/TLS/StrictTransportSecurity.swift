import Hummingbird

/// `Strict-Transport-Security` on every answer of the TLS listener, errors included, so that a
/// browser that reached the server once over HTTPS never tries plain HTTP again (RFC 6797).
/// Only the TLS listener adds it: over plain HTTP the header would be meaningless (RFC 6797 7.2).
struct StrictTransportSecurity: RouterMiddleware {
    typealias Context = ServerRequestContext
    let maxAge: Int

    var value: String { "max-age=\(maxAge)" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.strictTransportSecurity] = value
        return response
    }
}
