import RTCBase
import RTC
import RTCICE

/// What the call machine is told: the driver's start and timeouts, the results of the actions it
/// performed, the signaling socket's and the peer connection's events, and the user's intents.
/// Each comes with `now` (see `CallMachine.handle(_:now:)`).
enum CallMachineEvent: Sendable {
    /// `run()` began.
    case start
    /// The machine's `nextDeadline` has passed (an early or extra one is harmless).
    case timeout

    // Results of actions.
    /// The API's answer to `.checkRoom`: nil when the room exists.
    case roomChecked(APIError?)
    /// Which sources opened, and a sentence for each that did not.
    case sourcesOpened(audio: Bool, video: Bool, notices: [String])
    /// The peer connection's sockets could not be opened.
    case peerUnavailable(String)
    case offerCreated(sdp: String)
    case offerFailed(String)
    case answerCreated(sdp: String)
    case remoteDescriptionRefused(String, wasOffer: Bool)
    case iceServersResolved(IceServerResolution)

    // The signaling socket.
    case signaling(SignalingEvent)
    /// The socket's event stream ended (after `.closed`, or without it).
    case signalingEnded

    // The peer connection.
    case localCandidate(IceCandidateInit)
    case iceConnectionStateChanged(IceConnectionState)
    case connectionStateChanged(PeerConnectionState)
    case peerFailure(String)
    /// The first audio packet of a connection arrived.
    case firstAudio
    /// The first video frame of a connection was assembled.
    case firstVideo

    // The user.
    case setMicrophone(Bool)
    case setCamera(Bool)
    case sendChat(String)
    case leave
}
