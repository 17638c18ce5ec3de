import MediaIO
import RTC

/// What the screen shows of a call, copied out under a lock: the model of the call view.
public struct CallState: Sendable {
    public enum Phase: Sendable, Equatable {
        case connecting
        case connected
        case reconnecting(attempt: Int, inSeconds: Int)
        case ended(CallEnd)
    }

    public struct Participant: Sendable, Equatable {
        public var id: String
        public var name: String
        public var audio: Bool
        public var video: Bool
    }

    public struct ChatLine: Sendable, Equatable {
        public var from: String
        public var text: String
        public var time: String
    }

    /// Milliseconds from the start of `run()` to each step of the first join.
    public struct Timeline: Sendable, Equatable {
        public var webSocketMs: Double?
        public var joinedMs: Double?
        public var iceMs: Double?
        public var dtlsMs: Double?
        public var firstAudioMs: Double?
        public var firstVideoMs: Double?
    }

    public var phase = Phase.connecting
    public var timeline = Timeline()
    public var participantID: String?
    /// Others in the room, in join order.
    public var participants: [Participant] = []
    public var chat: [ChatLine] = []
    /// One line for the status bar: what is wrong or what is happening (no camera, reconnecting…).
    public var notices: [String] = []
    public var micOn = true
    public var cameraOn = true
    public var connectionState: PeerConnectionState = .new
    public var stats: PeerConnectionStats?
    public var joinedAt: Double?
    /// Times the call opened the signaling socket again after losing it (each rejoin attempt).
    public var rejoins = 0
}
