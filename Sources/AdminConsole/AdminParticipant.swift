import KaamosWire
import ClientCore
import Foundation

/// A participant as the console shows it: what it sends, what the admin muted, the server's stats.
public struct AdminParticipant: Sendable, Equatable {
    public var id: String
    public var name: String
    public var joinedAt: Date?
    /// Whether the participant is sending audio / video (nil: the server did not say).
    public var audio: Bool?
    public var video: Bool?
    /// Whether an admin stopped the server forwarding its audio / video.
    public var audioMuted = false
    public var videoMuted = false
    public var bitrateInKbps: Double?
    public var bitrateOutKbps: Double?
    public var packetsLost: Int64?
    public var jitterMs: Double?
    public var rttMs: Double?

    public init(id: String, name: String, joinedAt: Date? = nil, audio: Bool? = nil, video: Bool? = nil) {
        self.id = id
        self.name = name
        self.joinedAt = joinedAt
        self.audio = audio
        self.video = video
    }

    public init(_ record: ParticipantDetail) {
        self.init(id: record.id, name: record.name, joinedAt: AdminTime.date(record.joinedAt), audio: record.audio, video: record.video)
        audioMuted = record.audioMuted
        videoMuted = record.videoMuted
        bitrateInKbps = record.stats?.bitrateInKbps
        bitrateOutKbps = record.stats?.bitrateOutKbps
        packetsLost = record.stats?.packetsLost
        jitterMs = record.stats?.jitterMs
        rttMs = record.stats?.rttMs
    }
}
