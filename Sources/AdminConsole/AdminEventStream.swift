import ClientCore
import Foundation
import HummingbirdWSClient
import Logging

/// The client of the server's admin event stream, `GET /api/admin/events` (a WebSocket). It sends
/// the token as `Authorization: Bearer` (the server also takes `?token=` for browsers, which cannot
/// set headers; a header keeps the token out of logs), and reconnects with backoff until stopped.
/// When the upgrade fails it asks the same URL over plain HTTP why: 404 means this server has no
/// stream (the console polls), 401 a wrong token.
public final class AdminEventStream: Sendable {
    /// A server without the stream is asked again this often.
    public static let unavailableRetry = 30.0
    /// The server sends stats about every 2 s while someone listens: this long without a frame
    /// means the connection is dead even if TCP has not said so (a killed server can leave it
    /// half-closed), and the stream reconnects.
    public static let silenceLimit: Duration = .seconds(7)
    private let task: Task<Void, Never>

    public init(endpoint: ServerEndpoint, token: String?, onUpdate: @escaping @Sendable (AdminStreamUpdate) -> Void) {
        let socketURL = Self.socketURL(endpoint)
        // A CA file that cannot be read was reported when the command started; here it only
        // means the stream stays down, and the diagnosis says why.
        let tlsConfiguration = try? endpoint.tlsConfiguration()
        task = Task {
            var backoff = AdminBackoff()
            var logger = Logger(label: "kaamos.admin-events")
            logger.logLevel = .critical
            var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, closeTimeout: .seconds(1))
            if let token { configuration.additionalHeaders[.authorization] = "Bearer \(token)" }
            while !Task.isCancelled {
                let opened = AdminLocked(false)
                let silent = AdminLocked(false)
                var failure: String?
                do {
                    let close = try await WebSocketConnector.connect(
                        url: socketURL, configuration: configuration, tlsConfiguration: tlsConfiguration, logger: logger) { inbound, _, _ in
                        opened.set(true)
                        onUpdate(.connected)
                        let lastFrame = AdminLocked(ContinuousClock.now)
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for try await message in inbound.messages(maxSize: 1 << 22) {
                                    lastFrame.set(.now)
                                    guard case let .text(text) = message else { continue }
                                    do {
                                        onUpdate(.event(try AdminStreamEvent(json: text)))
                                    } catch {
                                        onUpdate(.malformed("\(error)"))
                                    }
                                }
                            }
                            group.addTask {
                                while ContinuousClock.now - lastFrame.get < Self.silenceLimit {
                                    try await Task.sleep(for: .milliseconds(500))
                                }
                                silent.set(true)
                                throw AdminStreamSilence()
                            }
                            // Either ending ends the connection.
                            try await group.next()
                            group.cancelAll()
                        }
                    }
                    failure = "The server closed the admin event stream\(close.map { " (\($0.closeCode))" } ?? "")."
                } catch {
                    failure = opened.get ? "The admin event stream broke: \(error)." : nil
                }
                if Task.isCancelled { break }
                if silent.get { failure = "The admin event stream went silent for \(Self.silenceLimit.components.seconds) s." }
                if opened.get { backoff.reset() }
                let delay = backoff.delay()
                if let failure {
                    onUpdate(.down(reason: failure, unauthorized: false, retryIn: delay))
                    try? await Task.sleep(for: .seconds(delay))
                    continue
                }
                switch await Self.diagnose(endpoint: endpoint, token: token) {
                case .noStream:
                    backoff.reset()
                    onUpdate(.unavailable(retryIn: Self.unavailableRetry))
                    try? await Task.sleep(for: .seconds(Self.unavailableRetry))
                case let .refused(reason, unauthorized):
                    onUpdate(.down(reason: reason, unauthorized: unauthorized, retryIn: delay))
                    try? await Task.sleep(for: .seconds(delay))
                }
            }
        }
    }

    deinit { task.cancel() }

    public func stop() { task.cancel() }

    /// ws(s)://host:port/api/admin/events: the scheme follows the server's.
    public static func socketURL(_ endpoint: ServerEndpoint) -> String {
        let base = endpoint.baseURL
        let socketBase = endpoint.isSecure ? "wss://" + base.dropFirst(8) : "ws://" + base.dropFirst(7)
        return socketBase + "/api/admin/events"
    }

    struct AdminStreamSilence: Error {}

    enum Diagnosis: Equatable {
        case noStream
        case refused(String, unauthorized: Bool)
    }

    /// Why the upgrade failed, from a plain GET of the same path.
    static func diagnose(endpoint: ServerEndpoint, token: String?) async -> Diagnosis {
        do {
            return diagnosis(status: try await KaamosAPIClient(endpoint: endpoint, adminToken: token, timeout: 5)
                .status(ofGET: "/api/admin/events"))
        } catch {
            return .refused(AdminErrorMessage.sentence(error), unauthorized: false)
        }
    }

    static func diagnosis(status: Int) -> Diagnosis {
        switch status {
        case 404, 405: return .noStream
        case 401, 403: return .refused(AdminErrorMessage.sentence(.unauthorized), unauthorized: true)
        default: return .refused("The admin event stream refused the connection (HTTP \(status)).", unauthorized: false)
        }
    }
}
