import Foundation
import KaamosWire

// The server's rooms and participants as the wire records of KaamosWire describe them.

extension RoomSummary {
    init(_ room: Room, lifetime: TimeInterval, now: Date) {
        // While people are in it the room does not expire; show when it would if they all left now.
        let lastActivity = room.participants.isEmpty ? room.lastActivity : max(room.lastActivity, now)
        self.init(roomID: room.id, active: true, participants: room.participants.count,
                  createdAt: Timestamp.string(from: room.createdAt),
                  expiresAt: Timestamp.string(from: lastActivity.addingTimeInterval(lifetime)))
    }
}

extension ParticipantDetail {
    init(_ participant: Participant, statistics: MediaStatistics?) {
        self.init(id: participant.id, name: participant.name, userID: participant.userID,
                  joinedAt: Timestamp.string(from: participant.joinedAt), audio: participant.audio, video: participant.video,
                  audioMuted: participant.audioMutedByAdmin, videoMuted: participant.videoMutedByAdmin, stats: statistics)
    }
}
