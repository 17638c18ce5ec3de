import RTC
import RTCBase
import RTCSDP

/// What the SFU asks the signaling layer to send to one participant.
public enum SFUSignal: Sendable, Equatable {
    case offer(sdp: String)
    case candidate(IceCandidateInit)
}

/// What the SFU engine tells its owner.
public enum SFUEvent: Sendable {
    case signal(participantID: String, SFUSignal)
    case connectionStateChanged(participantID: String, PeerConnectionState)
    case failure(participantID: String, message: String)
    /// Our answer to the participant's offer rejected one of its m-lines (port 0).
    case mediaRejected(participantID: String, MediaRejection)
}

/// Why the SFU refused a call, in one sentence.
public struct SFUError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
