import KaamosWire
import ClientCore
import Foundation

/// The human-readable output of the scripted commands (`--json` is the one for scripts).
public enum AdminTextOutput {
    public static func created(_ room: CreatedRoom) -> [String] {
        [room.roomID, room.url]
    }

    public static func rooms(_ rooms: [RoomSummary], now: Date) -> [String] {
        if rooms.isEmpty { return ["no live rooms"] }
        let rows = rooms.map { room in
            [room.roomID, room.participants.map(String.init) ?? "-",
             AdminTime.age(since: AdminTime.date(room.createdAt), now: now),
             AdminTime.remaining(until: AdminTime.date(room.expiresAt), now: now)]
        }
        return AdminTextTable(header: ["ROOM", "PARTICIPANTS", "AGE", "EXPIRES IN"], rows: rows).lines
    }

    public static func participants(_ participants: [ParticipantDetail], now: Date) -> [String] {
        if participants.isEmpty { return ["nobody is in the room"] }
        let rows = participants.map { person in
            [person.id, person.name, AdminTime.age(since: AdminTime.date(person.joinedAt), now: now),
             onOff(person.audio), onOff(person.video),
             kbps(person.stats?.bitrateInKbps), kbps(person.stats?.bitrateOutKbps),
             person.stats.map { String($0.packetsLost) } ?? "-",
             milliseconds(person.stats?.jitterMs), milliseconds(person.stats?.rttMs)]
        }
        return AdminTextTable(header: ["ID", "NAME", "JOINED", "AUDIO", "VIDEO", "IN", "OUT", "LOST", "JITTER", "RTT"], rows: rows).lines
    }

    static func onOff(_ value: Bool?) -> String { value.map { $0 ? "on" : "off" } ?? "-" }
    static func kbps(_ value: Double?) -> String { value.map { String(format: "%.0fk", $0) } ?? "-" }
    static func milliseconds(_ value: Double?) -> String { value.map { String(format: "%.1fms", $0) } ?? "-" }
}
