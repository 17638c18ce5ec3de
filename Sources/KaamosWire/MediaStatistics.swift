/// The router's view of one participant's media, as the admin API shows it (`stats`). Read
/// tolerantly: a figure a server leaves out is zero (round-trip time: unknown).
public struct MediaStatistics: Sendable, Equatable, Codable {
    public var bitrateInKbps: Double
    public var bitrateOutKbps: Double
    public var packetsLost: Int64
    public var jitterMs: Double
    public var rttMs: Double?
    public var sendingAudio: Bool
    public var sendingVideo: Bool
    /// What the server estimates it can send this participant (from its transport-wide feedback);
    /// nil until measured.
    public var estimateKbps: Double?

    enum CodingKeys: String, CodingKey {
        case bitrateInKbps = "bitrate_in_kbps"
        case bitrateOutKbps = "bitrate_out_kbps"
        case packetsLost = "packets_lost"
        case jitterMs = "jitter_ms"
        case rttMs = "rtt_ms"
        case sendingAudio = "sending_audio"
        case sendingVideo = "sending_video"
        case estimateKbps = "estimate_kbps"
    }

    public init(
        bitrateInKbps: Double = 0, bitrateOutKbps: Double = 0, packetsLost: Int64 = 0, jitterMs: Double = 0,
        rttMs: Double? = nil, sendingAudio: Bool = false, sendingVideo: Bool = false, estimateKbps: Double? = nil
    ) {
        self.bitrateInKbps = bitrateInKbps
        self.bitrateOutKbps = bitrateOutKbps
        self.packetsLost = packetsLost
        self.jitterMs = jitterMs
        self.rttMs = rttMs
        self.sendingAudio = sendingAudio
        self.sendingVideo = sendingVideo
        self.estimateKbps = estimateKbps
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bitrateInKbps = (try? container.decodeIfPresent(Double.self, forKey: .bitrateInKbps)) ?? 0
        bitrateOutKbps = (try? container.decodeIfPresent(Double.self, forKey: .bitrateOutKbps)) ?? 0
        packetsLost = (try? container.decodeIfPresent(Int64.self, forKey: .packetsLost)) ?? 0
        jitterMs = (try? container.decodeIfPresent(Double.self, forKey: .jitterMs)) ?? 0
        rttMs = try? container.decodeIfPresent(Double.self, forKey: .rttMs)
        sendingAudio = (try? container.decodeIfPresent(Bool.self, forKey: .sendingAudio)) ?? false
        sendingVideo = (try? container.decodeIfPresent(Bool.self, forKey: .sendingVideo)) ?? false
        estimateKbps = try? container.decodeIfPresent(Double.self, forKey: .estimateKbps)
    }
}
