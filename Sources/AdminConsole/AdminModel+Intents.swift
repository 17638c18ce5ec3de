/// The model's answer to key presses: new state, and effects for the controller to carry out.
extension AdminModel {
    public mutating func apply(_ intent: AdminIntent) -> [AdminEffect] {
        if intent == .interrupt { return [.quit] }
        if showingHelp {
            showingHelp = false
            return []
        }
        if pending != nil { return confirm(intent) }
        if editingFilter { return editFilter(intent) }

        switch intent {
        case .up: moveCursor(to: max(0, cursor - 1))
        case .down: moveCursor(to: min(rowCount - 1, cursor + 1))
        case .pageUp: moveCursor(to: max(0, cursor - pageSize))
        case .pageDown: moveCursor(to: min(rowCount - 1, cursor + pageSize))
        case .top: moveCursor(to: 0)
        case .bottom: moveCursor(to: rowCount - 1)
        case .help: showingHelp = true
        case .quit: return [.quit]
        case .startFilter:
            editingFilter = true
        case .toggleMark:
            guard let id = screen == .rooms ? selectedRoom?.id : selectedParticipant?.id else { break }
            if marks.contains(id) { marks.remove(id) } else { marks.insert(id) }
            moveCursor(to: min(rowCount - 1, cursor + 1))
        case .open:
            guard screen == .rooms, let room = selectedRoom else { break }
            screen = .participants(roomID: room.id)
            marks = []
            filter = ""
            participantCursor = 0
            selectedParticipantID = nil
            reconcile()
            return [.loadParticipants(roomID: room.id)]
        case .back:
            if !filter.isEmpty {
                filter = ""
                reconcile()
            } else if !marks.isEmpty {
                marks = []
            } else if screen != .rooms {
                leaveRoomScreen()
                reconcile()
            }
        case .kick, .toggleAudio, .toggleVideo, .close, .create, .join:
            guard !readonly else {
                status = AdminStatus("This console is read-only (--readonly): actions are off.", isError: true)
                break
            }
            return act(intent)
        case .type, .deleteBackward, .submit, .cancel, .interrupt:
            break
        }
        return []
    }

    /// The ids an action applies to: the marked rows, or else the highlighted one.
    var targetRoomIDs: [String] {
        if screen == .rooms {
            let marked = visibleRooms.map(\.id).filter(marks.contains)
            return marked.isEmpty ? (selectedRoom.map { [$0.id] } ?? []) : marked
        }
        return openRoom.map { [$0.id] } ?? []
    }

    var targetParticipants: [AdminParticipant] {
        let marked = visibleParticipants.filter { marks.contains($0.id) }
        return marked.isEmpty ? (selectedParticipant.map { [$0] } ?? []) : marked
    }

    private mutating func act(_ intent: AdminIntent) -> [AdminEffect] {
        switch intent {
        case .create:
            status = AdminStatus("Creating a room…")
            return [.createRoom]
        case .join:
            guard let room = screen == .rooms ? selectedRoom?.id : openRoom?.id else { return [] }
            return [.join(roomID: room)]
        case .close:
            let ids = targetRoomIDs
            guard !ids.isEmpty else { return [] }
            if ids.count == 1 {
                pending = AdminPendingAction(effect: .closeRooms(ids), prompt: "Close room \(ids[0]) and disconnect everyone? Type its id to confirm:", required: ids[0])
            } else {
                pending = AdminPendingAction(effect: .closeRooms(ids), prompt: "Close \(ids.count) rooms and disconnect everyone? Type \(ids.count) to confirm:", required: String(ids.count))
            }
        case .kick, .toggleAudio, .toggleVideo:
            guard case let .participants(roomID) = screen else {
                status = AdminStatus("Open a room (Enter) to act on its participants.", isError: true)
                return []
            }
            let people = targetParticipants
            guard !people.isEmpty else { return [] }
            let ids = people.map(\.id)
            if intent == .kick {
                let who = people.count == 1 ? "\(people[0].name) (\(people[0].id))" : "\(people.count) participants"
                pending = AdminPendingAction(effect: .kick(roomID: roomID, participantIDs: ids), prompt: "Kick \(who) from room \(roomID)? y/n")
            } else if intent == .toggleAudio {
                // Mixed marks: mute them all unless all are muted already.
                return [.mute(roomID: roomID, participantIDs: ids, audio: !people.allSatisfy(\.audioMuted), video: nil)]
            } else {
                return [.mute(roomID: roomID, participantIDs: ids, audio: nil, video: !people.allSatisfy(\.videoMuted))]
            }
        default:
            break
        }
        return []
    }

    private mutating func confirm(_ intent: AdminIntent) -> [AdminEffect] {
        guard var action = pending else { return [] }
        switch intent {
        case let .type(character):
            action.typed.append(character)
            pending = action
        case .deleteBackward:
            if !action.typed.isEmpty { action.typed.removeLast() }
            pending = action
        case .submit:
            pending = nil
            if let required = action.required, action.typed != required {
                status = AdminStatus("The confirmation did not match: nothing was changed.", isError: true)
                return []
            }
            marks = []
            return [action.effect]
        case .cancel:
            pending = nil
            status = AdminStatus("Cancelled: nothing was changed.")
        default:
            break
        }
        return []
    }

    private mutating func editFilter(_ intent: AdminIntent) -> [AdminEffect] {
        switch intent {
        case let .type(character):
            filter.append(character)
        case .deleteBackward:
            if !filter.isEmpty { filter.removeLast() }
        case .submit:
            editingFilter = false
        case .cancel:
            editingFilter = false
            filter = ""
        default:
            break
        }
        reconcile()
        return []
    }
}
