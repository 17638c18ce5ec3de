import Foundation

/// One message of the server's admin event stream (`GET /api/admin/events`, a WebSocket).
/// Unknown types and fields are ignored (PROTOCOL.md), so a newer server still works.
public enum AdminStreamEvent: Sendable, Equatable {
    /// Every room as it is, sent first after connecting.
    case snapshot([AdminRoom])
    case roomCreated(AdminRoom)
    case roomClosed(roomID: String, reason: String?)
    case participantJoined(roomID: String, AdminParticipant)
    case participantLeft(roomID: String, participantID: String)
    case mediaState(roomID: String, participantID: String, audio: Bool, video: Bool)
    /// Every room with fresh statistics, about every 2 s.
    case stats([AdminRoom])
    case unknown(type: String)

    public init(json: String) throws(AdminStreamEventError) {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(json.utf8))
        } catch {
            throw .malformed(String(json.prefix(80)))
        }
        func need<T>(_ value: T?, _ field: String) throws(AdminStreamEventError) -> T {
            guard let value else { throw .missingField(type: wire.type, field: field) }
            return value
        }
        switch wire.type {
        case "snapshot": self = .snapshot(try need(wire.rooms, "rooms").map(\.room))
        case "stats": self = .stats(try need(wire.rooms, "rooms").map(\.room))
        case "room-created":
            let room = try need(wire.room, "room")
            self = .roomCreated(AdminRoom(id: room.roomID, createdAt: AdminTime.date(room.createdAt),
                                          expiresAt: AdminTime.date(room.expiresAt), participantCount: room.participants ?? 0))
        case "room-closed": self = .roomClosed(roomID: try need(wire.roomID, "room_id"), reason: wire.reason)
        case "participant-joined":
            self = .participantJoined(roomID: try need(wire.roomID, "room_id"), try need(wire.participant, "participant").participant)
        case "participant-left":
            self = .participantLeft(roomID: try need(wire.roomID, "room_id"), participantID: try need(wire.participantID, "participant_id"))
        case "media-state":
            self = .mediaState(roomID: try need(wire.roomID, "room_id"), participantID: try need(wire.participantID, "participant_id"),
                               audio: try need(wire.audio, "audio"), video: try need(wire.video, "video"))
        default: self = .unknown(type: wire.type)
        }
    }

    private struct Wire: Decodable {
        var type: String
        var rooms: [RoomWire]?
        var room: SummaryWire?
        var roomID: String?
        var participantID: String?
        var participant: ParticipantWire?
        var reason: String?
        var audio: Bool?
        var video: Bool?

        enum CodingKeys: String, CodingKey {
            case type, rooms, room, participant, reason, audio, video
            case roomID = "room_id"
            case participantID = "participant_id"
        }
    }

    private struct SummaryWire: Decodable {
        var roomID: String
        var participants: Int?
        var createdAt: String?
        var expiresAt: String?
        enum CodingKeys: String, CodingKey { case participants, roomID = "room_id", createdAt = "created_at", expiresAt = "expires_at" }
    }

    private struct RoomWire: Decodable {
        var roomID: String
        var createdAt: String?
        var expiresAt: String?
        var participants: [ParticipantWire]?
        enum CodingKeys: String, CodingKey { case participants, roomID = "room_id", createdAt = "created_at", expiresAt = "expires_at" }

        var room: AdminRoom {
            AdminRoom(id: roomID, createdAt: AdminTime.date(createdAt), expiresAt: AdminTime.date(expiresAt),
                      participants: (participants ?? []).map(\.participant))
        }
    }

    private struct ParticipantWire: Decodable {
        var id: String
        var name: String?
        var joinedAt: String?
        var audio: Bool?
        var video: Bool?
        var audioMuted: Bool?
        var videoMuted: Bool?
        var stats: StatsWire?
        enum CodingKeys: String, CodingKey {
            case id, name, audio, video, stats
            case joinedAt = "joined_at", audioMuted = "audio_muted", videoMuted = "video_muted"
        }

        var participant: AdminParticipant {
            var result = AdminParticipant(id: id, name: name ?? id, joinedAt: AdminTime.date(joinedAt), audio: audio, video: video)
            result.audioMuted = audioMuted ?? false
            result.videoMuted = videoMuted ?? false
            result.bitrateInKbps = stats?.bitrateInKbps
            result.bitrateOutKbps = stats?.bitrateOutKbps
            result.packetsLost = stats?.packetsLost
            result.jitterMs = stats?.jitterMs
            result.rttMs = stats?.rttMs
            return result
        }
    }

    private struct StatsWire: Decodable {
        var bitrateInKbps: Double?
        var bitrateOutKbps: Double?
        var packetsLost: Int64?
        var jitterMs: Double?
        var rttMs: Double?
        enum CodingKeys: String, CodingKey {
            case bitrateInKbps = "bitrate_in_kbps", bitrateOutKbps = "bitrate_out_kbps", packetsLost = "packets_lost"
            case jitterMs = "jitter_ms", rttMs = "rtt_ms"
        }
    }
}

public enum AdminStreamEventError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case missingField(type: String, field: String)

    public var description: String {
        switch self {
        case let .malformed(text): return "An admin event was not JSON with a type: \(text)."
        case let .missingField(type, field): return "A \(type) admin event has no \(field)."
        }
    }
}
