import KaamosWire
/// How the server ends a WebSocket connection.
public enum CloseCode: Sendable, Equatable {
    /// 1000: kicked, room closed, left.
    case normal
    /// 1001: the server is shutting down.
    case goingAway
    /// 1008: refused (room unknown or full, banned).
    case policyViolation
}

/// Where the hub sends one connection's messages: a WebSocket in the server, a recorder in tests.
/// Both methods queue and return at once; they are called with the hub's lock held, which keeps the
/// messages to one connection in the order the hub decided them.
public protocol MessageSink: AnyObject, Sendable {
    func send(text: String)
    /// Queues a close after everything already queued; later sends are dropped.
    func close(code: CloseCode, reason: String)
}

extension MessageSink {
    func send(_ message: ServerMessage) { send(text: message.json) }
    func send(_ event: AdminEvent) { send(text: event.json) }
}
