import Foundation

/// One message of the admin event stream (`GET /api/admin/events`, a WebSocket): encoded by the
/// server, decoded by the admin console. Unknown types decode as `.unknown` and unknown fields are
/// ignored (PROTOCOL.md), so a newer server still works.
public enum AdminEvent: Sendable, Equatable {
    /// Sent first to each new subscriber: every room as it is.
    case snapshot(rooms: [RoomDetail], timestamp: String?)
    case roomCreated(RoomSummary)
    case roomClosed(roomID: String, reason: String?)
    case participantJoined(roomID: String, participant: ParticipantDetail)
    case participantLeft(roomID: String, participantID: String, reason: String?)
    case mediaState(roomID: String, participantID: String, audio: Bool, video: Bool)
    /// Every ~2 s while someone listens: every room with fresh statistics and the SFU's totals.
    case stats(rooms: [RoomDetail], forwardedPackets: Int64?, forwardedBytes: Int64?, timestamp: String?)
    case unknown(type: String)

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Envelope(self))) ?? Data(#"{"type":"error"}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public init(json: String) throws(AdminEventError) {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(json.utf8))
        } catch {
            throw .malformed(String(json.prefix(80)))
        }
        self = try envelope.event()
    }
}

/// Why an admin event could not be used, in one sentence.
public enum AdminEventError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case missingField(type: String, field: String)

    public var description: String {
        switch self {
        case let .malformed(text): return "An admin event was not JSON with a type: \(text)."
        case let .missingField(type, field): return "A \(type) admin event has no \(field)."
        }
    }
}

/// Every field any admin event may carry, each optional; `event()` checks what a type needs.
private struct Envelope: Codable {
    var type: String
    var rooms: [RoomDetail]?
    var room: RoomSummary?
    var roomID: String?
    var participantID: String?
    var participant: ParticipantDetail?
    var reason: String?
    var audio: Bool?
    var video: Bool?
    var forwardedPackets: Int64?
    var forwardedBytes: Int64?
    var ts: String?

    enum CodingKeys: String, CodingKey {
        case type, rooms, room, participant, reason, audio, video, ts
        case roomID = "room_id"
        case participantID = "participant_id"
        case forwardedPackets = "forwarded_packets"
        case forwardedBytes = "forwarded_bytes"
    }

    init(type: String) { self.type = type }

    init(_ event: AdminEvent) {
        switch event {
        case let .snapshot(rooms, timestamp):
            self.init(type: "snapshot")
            self.rooms = rooms
            ts = timestamp
        case let .roomCreated(room):
            self.init(type: "room-created")
            roomID = room.roomID
            self.room = room
        case let .roomClosed(roomID, reason):
            self.init(type: "room-closed")
            self.roomID = roomID
            self.reason = reason
        case let .participantJoined(roomID, participant):
            self.init(type: "participant-joined")
            self.roomID = roomID
            self.participant = participant
        case let .participantLeft(roomID, participantID, reason):
            self.init(type: "participant-left")
            self.roomID = roomID
            self.participantID = participantID
            self.reason = reason
        case let .mediaState(roomID, participantID, audio, video):
            self.init(type: "media-state")
            self.roomID = roomID
            self.participantID = participantID
            self.audio = audio
            self.video = video
        case let .stats(rooms, forwardedPackets, forwardedBytes, timestamp):
            self.init(type: "stats")
            self.rooms = rooms
            self.forwardedPackets = forwardedPackets
            self.forwardedBytes = forwardedBytes
            ts = timestamp
        case let .unknown(type):
            self.init(type: type)
        }
    }

    func event() throws(AdminEventError) -> AdminEvent {
        func need<T>(_ value: T?, _ field: String) throws(AdminEventError) -> T {
            guard let value else { throw .missingField(type: type, field: field) }
            return value
        }
        switch type {
        case "snapshot": return .snapshot(rooms: try need(rooms, "rooms"), timestamp: ts)
        case "stats":
            return .stats(rooms: try need(rooms, "rooms"), forwardedPackets: forwardedPackets, forwardedBytes: forwardedBytes, timestamp: ts)
        case "room-created": return .roomCreated(try need(room, "room"))
        case "room-closed": return .roomClosed(roomID: try need(roomID, "room_id"), reason: reason)
        case "participant-joined":
            return .participantJoined(roomID: try need(roomID, "room_id"), participant: try need(participant, "participant"))
        case "participant-left":
            return .participantLeft(roomID: try need(roomID, "room_id"), participantID: try need(participantID, "participant_id"), reason: reason)
        case "media-state":
            return .mediaState(roomID: try need(roomID, "room_id"), participantID: try need(participantID, "participant_id"),
                               audio: try need(audio, "audio"), video: try need(video, "video"))
        default: return .unknown(type: type)
        }
    }
}
