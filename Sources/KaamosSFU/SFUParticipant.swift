import RTC
import RTCBase
import RTCMedia
import RTCSDP

/// A track one participant publishes, as the SFU names it: its owner and its m-line there.
struct TrackKey: Hashable {
    var publisherID: String
    var mid: String
}

/// One participant's leg of the SFU: its ICE-lite peer connection, what it publishes, what it
/// receives from others, and the renegotiation it is owed.
final class SFUParticipant {
    let id: String
    let roomID: String
    let connection: PeerConnection
    /// Tracks this participant sends us, by their mid on its connection.
    var published: [String: RemoteTrack] = [:]
    /// Others' tracks this participant receives: publisher track → mid on this connection.
    var subscriptions: [TrackKey: String] = [:]
    /// Subscriptions whose publisher still owes a keyframe once this leg can receive it.
    var keyframesOwed: Set<TrackKey> = []
    /// Subscriptions whose publisher's codec this leg did not negotiate, already reported.
    var undecodable: Set<TrackKey> = []
    /// From its first offer: the video codecs each of its m-lines offered that we handle, in its
    /// order (what it can send), and all of them together, lowercased (what it can decode). Later
    /// descriptions are narrowed by our own choice, so they cannot tell.
    var offeredVideoCodecs: [String: [String]] = [:]
    var decodableVideoCodecs: Set<String> = []
    /// The codec each of its video m-lines is answered with now.
    var chosenVideoCodecs: [String: String] = [:]
    /// Its own first offer has been answered; server offers may follow.
    var initialOfferAnswered = false
    var awaitingAnswer = false
    var renegotiationPending = false
    var forwardsAudio = true
    var forwardsVideo = true
    /// Packet counters at the last statistics sample, for bitrates.
    var bitrateIn = BitrateMeter()
    var bitrateOut = BitrateMeter()
    var lastMediaIn: [MediaKind: Instant] = [:]

    init(id: String, roomID: String, connection: PeerConnection) {
        self.id = id
        self.roomID = roomID
        self.connection = connection
    }
}
