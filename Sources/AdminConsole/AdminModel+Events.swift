/// The model's answer to the admin event stream.
extension AdminModel {
    public mutating func apply(_ event: AdminStreamEvent) {
        switch event {
        case let .snapshot(rooms), let .stats(rooms):
            replaceRooms(rooms)
            if case let .participants(roomID) = screen, !rooms.contains(where: { $0.id == roomID }) {
                removeRoom(roomID, reason: nil)
            }
        case let .roomCreated(room):
            upsertRoom(room)
        case let .roomClosed(roomID, reason):
            removeRoom(roomID, reason: reason)
        case let .participantJoined(roomID, person):
            updateRoom(roomID) { room in
                if var people = room.participants {
                    people.removeAll { $0.id == person.id }
                    people.append(person)
                    room.participants = people
                } else {
                    room.participantCount += 1
                }
            }
        case let .participantLeft(roomID, participantID):
            updateRoom(roomID) { room in
                if room.participants != nil {
                    room.participants?.removeAll { $0.id == participantID }
                } else {
                    room.participantCount = max(0, room.participantCount - 1)
                }
            }
        case let .mediaState(roomID, participantID, audio, video):
            updateRoom(roomID) { room in
                guard let index = room.participants?.firstIndex(where: { $0.id == participantID }) else { return }
                room.participants?[index].audio = audio
                room.participants?[index].video = video
            }
        case .unknown:
            break
        }
    }
}
