/// The notices of a call that come and go, each replaced by the next of its kind: what the status
/// line shows besides the notices that hold for the whole call (no camera, no sound).
enum CallNotice: Sendable, Hashable {
    /// "Connection lost (…); rejoining in N s…", cleared once media connects again.
    case reconnect
    /// The media connection was interrupted, cleared once it is back.
    case media
    /// The server's offer or answer was refused.
    case sdp
    /// An `error` message the call goes on after.
    case server
    /// A peer connection failure in one sentence (a TURN server that cannot be reached…).
    case failure
}
