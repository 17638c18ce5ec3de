import Foundation
import KaamosWire

/// The admin event stream: subscribers get a snapshot, then every change, and `stats` on a timer.
extension RoomHub {
    /// Adds a subscriber and sends it the current state of every room, before any later event.
    public func subscribe(_ sink: any MessageSink) -> ConnectionID {
        let now = clock.now
        // The router's statistics are read outside the lock; the rooms themselves under it, so that
        // the snapshot and the events that follow it agree.
        let participantIDs = state.withLockedValue { $0.registry.sortedRooms.flatMap { $0.participants.map(\.id) } }
        var statistics: [String: MediaStatistics] = [:]
        for id in participantIDs { statistics[id] = media.statistics(participantID: id) }
        let collected = statistics
        return state.withLockedValue { state in
            let id = state.makeConnectionID()
            state.subscribers[id] = sink
            let rooms = state.registry.sortedRooms
            sink.send(AdminEvent.snapshot(rooms: details(of: rooms, now: now) { collected[$0] }, timestamp: Timestamp.string(from: now)))
            if state.shuttingDown { sink.close(code: .goingAway, reason: "server shutting down") }
            return id
        }
    }

    public func unsubscribe(_ id: ConnectionID) {
        _ = state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
    }

    /// Sends `stats` to every subscriber; does nothing when nobody listens.
    public func publishStatistics() {
        let now = clock.now
        let rooms = state.withLockedValue { state -> [Room]? in
            state.subscribers.isEmpty ? nil : state.registry.sortedRooms
        }
        guard let rooms else { return }
        let counters = media.counters
        let event = AdminEvent.stats(
            rooms: details(of: rooms, now: now) { media.statistics(participantID: $0) },
            forwardedPackets: counters.forwardedPackets, forwardedBytes: counters.forwardedBytes, timestamp: Timestamp.string(from: now))
        state.withLockedValue { state in publish(event, in: state) }
    }

    func details(of rooms: [Room], now: Date, statistics: (String) -> MediaStatistics?) -> [RoomDetail] {
        rooms.map { room in
            let summary = summary(room, now: now)
            return RoomDetail(
                roomID: room.id,
                createdAt: summary.createdAt,
                expiresAt: summary.expiresAt,
                participants: room.participants.map { ParticipantDetail($0, statistics: statistics($0.id)) })
        }
    }
}
