/// The connection state as the W3C WebRTC specification names it (RTCIceConnectionState).
public enum IceConnectionState: String, Sendable, Hashable {
    case new
    case checking
    /// A pair is selected and consent is fresh.
    case connected
    /// Connected, local gathering is done and the peer signalled the end of its candidates.
    case completed
    /// Consent checks (or, in lite mode, the peer's checks) have gone unanswered for a while.
    case disconnected
    /// No pair could be found in time, or consent expired (RFC 7675): nothing more is sent.
    case failed
    case closed
}
