/// What the signaling server asks of the media engine (the SFU). The server owns the WebSocket and
/// the room; the router owns the peer connections and the forwarding of RTP between them.
///
/// The protocol lives in KaamosServer and the SFU module implements it, so that the server does not
/// depend on the media engine; the `kaamos-server` executable wires the two together.

/// A message the router sends to one client through the signaling channel.
public enum MediaSignal: Sendable, Equatable {
    case offer(sdp: String)
    case candidate(candidate: String, sdpMid: String?, sdpMLineIndex: Int?)
}

/// The router's view of one participant's media, as the admin API shows it (`stats`).
public struct MediaStatistics: Sendable, Equatable, Codable {
    public var bitrateInKbps: Double
    public var bitrateOutKbps: Double
    public var packetsLost: Int64
    public var jitterMs: Double
    public var rttMs: Double?
    public var sendingAudio: Bool
    public var sendingVideo: Bool

    enum CodingKeys: String, CodingKey {
        case bitrateInKbps = "bitrate_in_kbps"
        case bitrateOutKbps = "bitrate_out_kbps"
        case packetsLost = "packets_lost"
        case jitterMs = "jitter_ms"
        case rttMs = "rtt_ms"
        case sendingAudio = "sending_audio"
        case sendingVideo = "sending_video"
    }

    public init(
        bitrateInKbps: Double = 0, bitrateOutKbps: Double = 0, packetsLost: Int64 = 0, jitterMs: Double = 0,
        rttMs: Double? = nil, sendingAudio: Bool = false, sendingVideo: Bool = false
    ) {
        self.bitrateInKbps = bitrateInKbps
        self.bitrateOutKbps = bitrateOutKbps
        self.packetsLost = packetsLost
        self.jitterMs = jitterMs
        self.rttMs = rttMs
        self.sendingAudio = sendingAudio
        self.sendingVideo = sendingVideo
    }
}

/// Totals since the router started, exported as Prometheus counters.
public struct MediaCounters: Sendable {
    public var forwardedPackets: Int64
    public var forwardedBytes: Int64

    public init(forwardedPackets: Int64 = 0, forwardedBytes: Int64 = 0) {
        self.forwardedPackets = forwardedPackets
        self.forwardedBytes = forwardedBytes
    }
}

public protocol MediaRouting: Sendable {
    /// A participant joined `roomID`; the router sends it offers and candidates through `signal`.
    func addParticipant(roomID: String, participantID: String, signal: @escaping @Sendable (MediaSignal) -> Void)
    /// The client's offer (its own audio/video); returns the answer SDP. Throws an error whose description is one sentence for bad SDP.
    func handleOffer(participantID: String, sdp: String) throws -> String
    func handleAnswer(participantID: String, sdp: String) throws
    func handleCandidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?) throws
    func removeParticipant(participantID: String)
    /// Admin mute: stop (or resume) forwarding these kinds from this participant.
    func setForwarding(participantID: String, audio: Bool, video: Bool)
    func statistics(participantID: String) -> MediaStatistics?
    var counters: MediaCounters { get }
}

extension MediaCounters: Equatable {}
