import Foundation
import HummingbirdWSClient
import KaamosTestSupport
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import NIOWebSocket

/// A WebSocket client for live tests: connects in the background, records what arrives, sends on demand.
final class TestSocket: Sendable {
    enum Outgoing: Sendable {
        case text(String)
        case close
    }

    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    private let received = NIOLockedValueBox<[String]>([])
    private let consumed = NIOLockedValueBox(0)
    private let outgoing: AsyncStream<Outgoing>.Continuation
    let task: Task<WebSocketCloseFrame?, any Error>

    /// Over ws://127.0.0.1, or with `tls` over wss://localhost (the name test certificates carry).
    init(port: Int, path: String, headers: [(String, String)] = [], tls: TLSConfiguration? = nil) {
        let (stream, continuation) = AsyncStream.makeStream(of: Outgoing.self)
        outgoing = continuation
        let received = received
        var logger = Logger(label: "test-socket")
        logger.logLevel = .critical
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
        for (name, value) in headers {
            configuration.additionalHeaders[.init(name)!] = value
        }
        let clientConfiguration = configuration
        task = Task {
            let url = tls == nil ? "ws://127.0.0.1:\(port)\(path)" : "wss://localhost:\(port)\(path)"
            return try await WebSocketClient.connect(url: url, configuration: clientConfiguration, tlsConfiguration: tls, logger: logger) {
                inbound, outbound, _ in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                if case .text(let text) = message { received.withLockedValue { $0.append(text) } }
                            }
                        } catch {}
                    }
                    group.addTask {
                        for await item in stream {
                            switch item {
                            case .text(let text): try? await outbound.write(.text(text))
                            case .close:
                                try? await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    // Whichever ends first (the server closing, or our close) ends the session.
                    await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ text: String) {
        outgoing.yield(.text(text))
    }

    func close() {
        outgoing.yield(.close)
        outgoing.finish()
    }

    var texts: [String] { received.withLockedValue { $0 } }
    var messages: [[String: Any]] { texts.map(JSON.object) }

    /// The next message of `type` after those already returned, waiting up to `timeout`.
    func next(_ type: String, timeout: Duration = .seconds(5)) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = await eventually(timeout: timeout, every: .milliseconds(10)) {
            let texts = self.texts
            let start = consumed.withLockedValue { $0 }
            for index in start..<texts.count {
                let object = JSON.object(texts[index])
                if object["type"] as? String == type {
                    consumed.withLockedValue { $0 = index + 1 }
                    found = object
                    return true
                }
            }
            return false
        }
        if let found { return found }
        throw Timeout(description: "no \(type) message within \(timeout); got \(texts)")
    }

    /// Waits for the connection to end and returns the server's close frame.
    func closed(timeout: Duration = .seconds(5)) async throws -> WebSocketCloseFrame? {
        enum Outcome: Sendable { case closed(WebSocketCloseFrame?), timedOut }
        let task = self.task
        let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask { .closed(try await task.value) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        guard case .closed(let frame) = outcome else {
            throw Timeout(description: "the connection did not close within \(timeout)")
        }
        return frame
    }
}
