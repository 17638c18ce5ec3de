import Foundation
import HummingbirdWebSocket
import NIOWebSocket

/// Runs one WebSocket against the hub: a reader that hands each message to the hub, and a writer
/// that drains the connection's queue. Either ending ends the other.
enum WebSocketSession {
    /// How long after its close frame the server waits for the client's before dropping the socket.
    static let closeWait: Duration = .seconds(2)

    static func run(
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        sink: WebSocketSink,
        maxMessageBytes: Int,
        onText: @escaping @Sendable (String) -> Void,
        onOversized: @escaping @Sendable (Int) -> Void,
        onBinary: @escaping @Sendable () -> Void
    ) async {
        enum Finished { case reader, writer, timer }
        await withTaskGroup(of: Finished.self) { group in
            group.addTask {
                for await item in sink.items {
                    do {
                        switch item {
                        case .text(let text):
                            try await outbound.write(.text(text))
                        case .close(let code, let reason):
                            try await outbound.close(code.webSocketCode, reason: String(reason.utf8.prefix(120)) ?? "")
                            return .writer
                        }
                    } catch {
                        return .writer
                    }
                }
                return .writer
            }
            group.addTask {
                // Frames over four times the limit are refused by the frame decoder (close 1009);
                // messages between the limit and that get an error and the connection goes on.
                do {
                    for try await message in inbound.messages(maxSize: maxMessageBytes * 4) {
                        switch message {
                        case .text(let text):
                            let size = text.utf8.count
                            if size > maxMessageBytes { onOversized(size) } else { onText(text) }
                        case .binary(let buffer):
                            if buffer.readableBytes > maxMessageBytes { onOversized(buffer.readableBytes) } else { onBinary() }
                        }
                    }
                } catch {}
                return .reader
            }
            let first = await group.next()
            if first == .writer {
                // The server closed: give the client a moment to answer the close frame.
                group.addTask {
                    try? await Task.sleep(for: closeWait)
                    return .timer
                }
                _ = await group.next()
            } else {
                sink.finish()
            }
            group.cancelAll()
        }
    }
}

extension CloseCode {
    var webSocketCode: WebSocketErrorCode {
        switch self {
        case .normal: .normalClosure
        case .goingAway: .goingAway
        case .policyViolation: .policyViolation
        }
    }
}
