import Foundation
import HummingbirdWSClient
import Logging
import NIOSSL
import NIOWebSocket
import KaamosWire

/// What the signaling WebSocket reports, in order.
public enum SignalingEvent: Sendable, Equatable {
    case opened
    case message(ServerMessage)
    /// A frame that did not parse; the connection goes on (PROTOCOL.md: never fatal).
    case malformed(String)
    /// The socket closed; `reason` says why in one sentence, and `frame` is the server's close
    /// frame when it sent one (nil: the connection broke, or never opened).
    case closed(reason: String, frame: SignalingCloseFrame? = nil)
}

/// The room's WebSocket: messages in as an async stream, messages out through `send`. A wss://
/// URL is trusted as `trust` says, like the HTTP API.
public final class SignalingConnection: Sendable {
    public let events: AsyncStream<SignalingEvent>
    private let eventContinuation: AsyncStream<SignalingEvent>.Continuation
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<Void, Never>

    public init(url: String, trust: ServerTrust = .system) {
        let (events, eventContinuation) = AsyncStream.makeStream(of: SignalingEvent.self)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: String.self)
        self.events = events
        self.eventContinuation = eventContinuation
        self.outgoing = outgoing
        task = Task {
            var logger = Logger(label: "kaamos.signaling")
            logger.logLevel = .critical
            let tlsConfiguration: TLSConfiguration?
            do {
                tlsConfiguration = url.lowercased().hasPrefix("wss://") ? try trust.makeTLSConfiguration() : nil
            } catch {
                eventContinuation.yield(.closed(reason: "cannot connect to \(url): \(error)"))
                eventContinuation.finish()
                return
            }
            do {
                let close = try await WebSocketConnector.connect(url: url, tlsConfiguration: tlsConfiguration, logger: logger) { inbound, outbound, _ in
                    eventContinuation.yield(.opened)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in outgoingStream {
                                try await outbound.write(.text(text))
                            }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                guard case let .text(text) = message else { continue }
                                do {
                                    eventContinuation.yield(.message(try ServerMessage(json: text)))
                                } catch {
                                    eventContinuation.yield(.malformed("The server sent a malformed message: \(error)."))
                                }
                            }
                        }
                        // Either side ending ends the connection.
                        try await group.next()
                        group.cancelAll()
                    }
                }
                let frame = close.map { SignalingCloseFrame(code: UInt16(webSocketErrorCode: $0.closeCode), reason: $0.reason) }
                let reason = frame.map { "the server closed the connection (\($0))" }
                eventContinuation.yield(.closed(reason: reason ?? "the server closed the connection", frame: frame))
            } catch {
                let components = URLComponents(string: url)
                let host = components?.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) ?? ""
                let port = components?.port ?? (tlsConfiguration == nil ? 80 : 443)
                let reason = await ConnectionFailure.reason(for: error, host: host, port: port, trust: trust)
                eventContinuation.yield(.closed(reason: "cannot connect to \(url): \(reason)"))
            }
            eventContinuation.finish()
        }
    }

    deinit { close() }

    public func send(_ message: ClientMessage) {
        outgoing.yield(message.json)
    }

    /// Closes the socket. At once, the messages still queued may be lost. With `afterFlushing`
    /// they are written first: the writer drains the queue, and the WebSocket then closes with
    /// its close handshake, after which `.closed` comes. The server decides how long that takes,
    /// so a caller bounds the wait and closes at once if it is too long.
    public func close(afterFlushing: Bool = false) {
        outgoing.finish()
        if !afterFlushing { task.cancel() }
    }
}
