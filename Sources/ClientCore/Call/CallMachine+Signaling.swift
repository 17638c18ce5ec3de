import KaamosWire
import RTC
import RTCBase

/// The signaling socket's events and the server's messages (../shared/PROTOCOL.md).
extension CallMachine {
    mutating func handleSignaling(_ event: SignalingEvent, now: Instant) {
        switch stage {
        case .connecting:
            switch event {
            case .opened: opened(now: now)
            case let .closed(reason, _): attemptFailed(reason: reason, now: now)
            case .message, .malformed: attemptFailed(reason: cannotOpen, now: now)
            }
        case .inCall:
            switch event {
            case .opened, .malformed:
                break  // a frame that does not parse is never fatal
            case let .closed(reason, frame):
                perform(.log("signaling closed: \(reason)"))
                if let end = frame.flatMap(Self.end(closedWith:)) {
                    finish(end)
                } else {
                    drop(reason: reason, now: now)
                }
            case let .message(message):
                handle(message, now: now)
            }
        case .leaving:
            // The `leave` went out and the socket has closed after it.
            guard case let .closed(reason, _) = event else { return }
            perform(.log("signaling closed: \(reason)"))
            finish(.left)
        default:
            break
        }
    }

    /// The socket's events ended; after `.closed` the stage has moved on and this changes nothing.
    mutating func signalingEnded(now: Instant) {
        switch stage {
        case .connecting:
            attemptFailed(reason: cannotOpen, now: now)
        case .inCall:
            drop(reason: "the signaling connection ended", now: now)
        case .leaving:
            finish(.left)
        default:
            break
        }
    }

    /// How the call ends when the server's close frame says it has ended our place in the room,
    /// as RoomHub closes (../shared/PROTOCOL.md's messages come first and usually end the call
    /// before this is read): 1000 for a kick ("kicked") or a closed or expired room (its reason),
    /// 1008 with the error code of a refusal that rejoining cannot cure (room-full,
    /// room-not-found, banned). nil for every other close: 1000 without a reason (a server that
    /// stops, its tasks cancelled), 1001 "Ping timeout" when the link was
    /// too congested for the pings, 1001 for a restart, 1011, 1008 "join timeout" or
    /// "server-shutting-down", a code we do not know. Those are rejoined with backoff, like a
    /// connection that broke without a frame.
    static func end(closedWith frame: SignalingCloseFrame) -> CallEnd? {
        switch frame.code {
        case SignalingCloseFrame.normalClosure:
            switch frame.reason {
            case "kicked": return .kicked(reason: nil)
            case "left": return .left
            // A server that stops (its tasks cancelled) closes with 1000 and no reason: that
            // server may come back, and RoomHub always names why it ends a place.
            case nil: return nil
            case let reason: return .roomClosed(reason: reason)
            }
        case SignalingCloseFrame.policyViolation:
            switch frame.reason.map(SignalingError.Code.init(rawValue:)) {
            case .roomFull?: return .roomFull
            case .roomNotFound?: return .roomNotFound
            case .banned?: return .kicked(reason: "banned from this room for now")
            default: return nil
            }
        default:
            return nil
        }
    }

    private var cannotOpen: String { "cannot open the signaling connection to \(configuration.signalingURL)" }

    /// The socket did not open: the first attempt ends the call, a rejoin tries again later.
    private mutating func attemptFailed(reason: String, now: Instant) {
        if attempt == 0 {
            finish(.serverUnreachable("Cannot reach the server: \(reason)."))
        } else {
            drop(reason: reason, now: now)
        }
    }

    /// Joins and makes the offer at once; the server answers after `joined`.
    private mutating func opened(now: Instant) {
        mark(\.webSocketMs, now: now)
        stage = .inCall
        perform(.send(.join(roomID: configuration.roomID, userID: configuration.userID, name: configuration.name)))
        peer = .offering
        perform(.createPeerAndOffer(audioEnabled: state.micOn, videoEnabled: state.cameraOn))
    }

    private mutating func handle(_ message: ServerMessage, now: Instant) {
        switch message {
        case let .answer(sdp):
            if peer != .none { perform(.applyRemoteAnswer(sdp: sdp)) }
        case let .offer(sdp):
            if peer != .none { perform(.applyRemoteOfferAndAnswer(sdp: sdp)) }
        case let .iceCandidate(candidate):
            if peer != .none { perform(.addRemoteCandidate(candidate)) }
        case let .joined(participantID, participants, iceServers):
            mark(\.joinedMs, now: now)
            state.participantID = participantID
            state.joinedAt = (now - startedAt).milliseconds
            state.participants = participants.filter { $0.id != participantID }.map(Self.participant)
            perform(.resolveIceServers(iceServers))
        case let .participantJoined(info):
            state.participants.removeAll { $0.id == info.id }
            state.participants.append(Self.participant(info))
        case let .participantLeft(id):
            state.participants.removeAll { $0.id == id }
        case let .mediaState(id, audio, video):
            if let index = state.participants.firstIndex(where: { $0.id == id }) {
                state.participants[index].audio = audio
                state.participants[index].video = video
            }
        case let .chat(from, name, text, _):
            // The server echoes our own lines; they were shown when sent.
            if from != state.participantID {
                state.chat.append(CallState.ChatLine(from: name ?? from, text: text, time: configuration.chatClock.label(at: now)))
            }
        case let .kicked(reason):
            finish(.kicked(reason: reason))
        case let .roomClosed(reason):
            finish(.roomClosed(reason: reason))
        case let .error(error):
            let text = error.message
            switch error.code {
            case .roomFull: finish(.roomFull)
            case .roomNotFound: finish(.roomNotFound)
            case .banned: finish(.kicked(reason: text.isEmpty ? "banned from this room for now" : text))
            default: setNotice("Server: \(text.isEmpty ? error.code.rawValue : text)", key: .server)
            }
        case .unknown:
            break
        }
    }

    /// Who the server says someone is (the wire type already reads a missing name as the id and
    /// missing media as on).
    private static func participant(_ info: ParticipantSummary) -> CallState.Participant {
        CallState.Participant(id: info.id, name: info.name, audio: info.audio, video: info.video)
    }
}
