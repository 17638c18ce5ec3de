/// What the model asks the controller to do; the model itself never touches the network.
public enum AdminEffect: Sendable, Equatable {
    case createRoom
    case closeRooms([String])
    case kick(roomID: String, participantIDs: [String])
    /// `true` mutes, `false` unmutes, nil leaves that kind alone.
    case mute(roomID: String, participantIDs: [String], audio: Bool?, video: Bool?)
    /// Fetch the room's participants now (opening a room, or polling without the event stream).
    case loadParticipants(roomID: String)
    case join(roomID: String)
    case quit
}
