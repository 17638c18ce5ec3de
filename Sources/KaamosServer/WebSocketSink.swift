import NIOConcurrencyHelpers

/// A `MessageSink` feeding one WebSocket: the hub queues, a writer task drains the queue.
///
/// The queue is bounded: a client that stops reading is closed rather than let to grow the
/// server's memory.
final class WebSocketSink: MessageSink {
    enum Item: Sendable {
        case text(String)
        case close(CloseCode, String)
    }

    static let capacity = 1024

    let items: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation
    private let closed = NIOLockedValueBox(false)

    init() {
        (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(Self.capacity))
    }

    func send(text: String) {
        let isClosed = closed.withLockedValue { $0 }
        guard !isClosed else { return }
        if case .dropped = continuation.yield(.text(text)) {
            // The client is not reading; end it so that the rest of the room goes on.
            closed.withLockedValue { $0 = true }
            continuation.finish()
        }
    }

    func close(code: CloseCode, reason: String) {
        let alreadyClosed = closed.withLockedValue { closed in
            defer { closed = true }
            return closed
        }
        guard !alreadyClosed else { return }
        continuation.yield(.close(code, reason))
        continuation.finish()
    }

    /// Ends the queue without a close frame (the socket is already gone).
    func finish() {
        closed.withLockedValue { $0 = true }
        continuation.finish()
    }
}
