import RTCTURN

/// The steps of `turn-check`, in order; a failure names the one it stopped at.
public enum TURNCheckStep: String, Sendable, CaseIterable {
    case resolve, connect, allocate, auth, permission, channel, relay

    /// The check's name for a failure the TURN client reported.
    init(_ step: TURNStep) {
        switch step {
        case .allocate, .refresh: self = .allocate
        case .auth: self = .auth
        case .permission: self = .permission
        case .channel: self = .channel
        case .transport: self = .connect
        }
    }
}

/// Why the check stopped: the step and one sentence.
struct TURNCheckFailure: Error {
    var step: TURNCheckStep
    var reason: String
}
