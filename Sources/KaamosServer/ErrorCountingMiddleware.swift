import Hummingbird

/// Counts HTTP answers with a 4xx or 5xx status for `/metrics`.
struct ErrorCountingMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            if response.status.code >= 400 { metrics.httpError(status: response.status.code) }
            return response
        } catch let error as any HTTPResponseError {
            metrics.httpError(status: error.status.code)
            throw error
        } catch {
            metrics.httpError(status: 500)
            throw error
        }
    }
}
