import KaamosWire
import RTC
import RTCBase

/// What the call machine asks its driver to do, in order. The driver performs each and feeds back
/// the results the machine waits for (noted per case); everything else it just does.
enum CallAction: Sendable, Equatable {
    /// Asks the HTTP API whether the room exists; feed back `.roomChecked`.
    case checkRoom
    /// Opens the camera and microphone (or files, or synthetic sources) for the whole call; feed
    /// back `.sourcesOpened`.
    case openSources
    /// Opens the room's WebSocket; its events come back as `.signaling` and `.signalingEnded`.
    case openSignaling
    case send(ClientMessage)
    /// Closes the WebSocket: at once, or once the frames already sent are written (then `.closed`
    /// comes back when the socket has closed).
    case closeSignaling(afterFlushing: Bool)
    /// Makes the peer connection (a sending track per source, else a receiver), its publisher
    /// muted as given, and an offer; feed back `.offerCreated`, `.offerFailed` or `.peerUnavailable`.
    case createPeerAndOffer(audioEnabled: Bool, videoEnabled: Bool)
    /// Starts encoding and sending from the sources.
    case startPublishing
    case setAudioEnabled(Bool)
    case setVideoEnabled(Bool)
    /// Feeds back `.remoteDescriptionRefused(wasOffer: false)` when the engine refuses it.
    case applyRemoteAnswer(sdp: String)
    /// Applies the server's offer and answers it; feed back `.answerCreated` or
    /// `.remoteDescriptionRefused(wasOffer: true)`.
    case applyRemoteOfferAndAnswer(sdp: String)
    case addRemoteCandidate(IceCandidateInit)
    /// Resolves the STUN and TURN URLs of `joined` (DNS); feed back `.iceServersResolved`.
    case resolveIceServers([ICEServer])
    case addIceServers(stunServers: [TransportAddress], relays: [RelayServerEndpoint])
    /// Stops the publisher and closes the peer connection.
    case closePeer
    /// One line for the call's log file.
    case log(String)
    /// Stops the sources and playback; `run()` returns this. Always the last action.
    case finish(CallEnd)
}
