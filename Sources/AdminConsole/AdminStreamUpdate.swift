/// What the event stream client reports to the controller.
public enum AdminStreamUpdate: Sendable, Equatable {
    /// The WebSocket is open; a snapshot follows.
    case connected
    case event(AdminStreamEvent)
    /// A frame that did not parse; the stream goes on.
    case malformed(String)
    /// The server has no event stream (404): poll instead; the stream is tried again after `retryIn`.
    case unavailable(retryIn: Double)
    /// The stream is down for `reason` (one sentence); it is tried again after `retryIn` seconds.
    case down(reason: String, unauthorized: Bool, retryIn: Double)
}
