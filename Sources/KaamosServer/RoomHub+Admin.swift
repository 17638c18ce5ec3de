import Foundation

/// The admin event stream: subscribers get a snapshot, then every change, and `stats` on a timer.
extension RoomHub {
    /// Adds a subscriber and sends it the current state of every room.
    public func subscribe(_ sink: any MessageSink) -> ConnectionID {
        let now = clock.now
        let (id, rooms) = state.withLockedValue { state -> (ConnectionID, [Room]) in
            let id = state.makeConnectionID()
            state.subscribers[id] = sink
            if state.shuttingDown { sink.close(code: .goingAway, reason: "server shutting down") }
            return (id, state.registry.sortedRooms)
        }
        // Statistics come from the router outside the lock; the snapshot is queued before any later
        // event only if nothing happened meanwhile, which a console tolerates (events are idempotent).
        let snapshot = AdminEvent.snapshot(rooms: details(of: rooms, now: now), timestamp: now)
        sink.send(snapshot)
        return id
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
        let event = AdminEvent.stats(rooms: details(of: rooms, now: now), counters: media.counters, timestamp: now)
        state.withLockedValue { state in publish(event, in: state) }
    }

    func details(of rooms: [Room], now: Date) -> [RoomDetail] {
        rooms.map { room in
            let summary = summary(room, now: now)
            return RoomDetail(
                roomID: room.id,
                createdAt: summary.createdAt,
                expiresAt: summary.expiresAt,
                participants: room.participants.map { ParticipantDetail($0, statistics: media.statistics(participantID: $0.id)) })
        }
    }
}
