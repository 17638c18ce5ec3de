/// The server's view of one participant's media, for the admin API.
public struct ParticipantMediaStatistics: Sendable, Equatable {
    public var bitrateInKbps: Double
    public var bitrateOutKbps: Double
    public var packetsLost: Int64
    public var jitterMs: Double
    public var rttMs: Double?
    public var sendingAudio: Bool
    public var sendingVideo: Bool
    public var connectionState: String
}
