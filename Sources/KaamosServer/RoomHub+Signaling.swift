import RTCBase
import Foundation
import KaamosWire

/// The WebSocket side of the hub: one connection's messages in, the room's messages out.
extension RoomHub {
    /// Registers a new connection to `/ws/{roomID}`; it is not in the room until it sends `join`.
    public func connect(roomID: String, clientAddress: String, sink: any MessageSink) -> ConnectionID {
        let now = clock.now
        return state.withLockedValue { state in
            let id = state.makeConnectionID()
            if state.shuttingDown {
                sink.close(code: .goingAway, reason: "server shutting down")
            }
            state.connections[id] = Connection(sink: sink, roomID: roomID, clientAddress: clientAddress, connectedAt: now)
            return id
        }
    }

    /// A text message from a connection.
    public func receive(_ text: String, from connectionID: ConnectionID) {
        let now = clock.now
        let allowed = state.withLockedValue { state in
            state.messageLimiter.attempt(key: connectionID.description, now: now)
        }
        if case .limited(let seconds) = allowed {
            reject(SignalingError(.rateLimited, "Too many messages; wait \(seconds) s."), to: connectionID)
            return
        }
        let message: ClientMessage
        do {
            message = try ClientMessage(json: text)
        } catch {
            reject(error, to: connectionID)
            return
        }
        handle(message, from: connectionID)
    }

    /// A message larger than the configured maximum: refused, the connection stays open.
    public func receiveOversized(byteCount: Int, from connectionID: ConnectionID) {
        reject(SignalingError(
            .messageTooLarge,
            "The message has \(byteCount) bytes; the server accepts at most \(configuration.maxMessageBytes)."
        ), to: connectionID)
    }

    /// A binary frame: the protocol has none.
    public func receiveBinary(from connectionID: ConnectionID) {
        reject(SignalingError(.badMessage, "Signaling messages are JSON text frames, not binary."), to: connectionID)
    }

    /// The connection closed (or the client left): the participant leaves its room.
    public func disconnect(_ connectionID: ConnectionID) {
        let now = clock.now
        let participantID = state.withLockedValue { state -> String? in
            state.messageLimiter.forget(key: connectionID.description)
            guard let connection = state.connections.removeValue(forKey: connectionID) else { return nil }
            return removeParticipant(of: connection, reason: "left", now: now, in: &state)
        }
        if let participantID {
            media.removeParticipant(participantID: participantID)
            logger.info("participant left", metadata: ["participant": "\(participantID)"])
        }
    }

    func handle(_ message: ClientMessage, from connectionID: ConnectionID) {
        switch message {
        case .join(let roomID, let userID, let name):
            join(roomID: roomID, userID: userID, name: name, from: connectionID)
        case .offer(let sdp, _):
            handleOffer(sdp: sdp, from: connectionID)
        case .answer(let sdp):
            handleAnswer(sdp: sdp, from: connectionID)
        case .iceCandidate(let candidate):
            guard let participantID = joinedParticipant(connectionID, for: message) else { return }
            do {
                try media.handleCandidate(
                    participantID: participantID, candidate: candidate.candidate,
                    sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex)
            } catch {
                reject(SignalingError(.mediaError, "\(error)"), to: connectionID)
            }
        case .mediaState(let audio, let video):
            let now = clock.now
            let refusal = state.withLockedValue { state -> SignalingError? in
                guard let connection = state.connections[connectionID], let participantID = connection.participantID else {
                    return Self.notJoined(message)
                }
                guard let participant = try? state.registry.setMediaState(
                    roomID: connection.roomID, participantID: participantID, audio: audio, video: video, now: now)
                else { return nil }
                announceMediaState(of: participant, in: connection.roomID, includingSelf: false, state: state)
                return nil
            }
            if let refusal { reject(refusal, to: connectionID) }
        case .chat(let text):
            let now = clock.now
            let refusal = state.withLockedValue { state -> SignalingError? in
                guard let connection = state.connections[connectionID], let participantID = connection.participantID,
                      let participant = state.registry.room(id: connection.roomID)?.participant(id: participantID)
                else { return Self.notJoined(message) }
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                state.registry.touch(roomID: connection.roomID, now: now)
                // Everyone, the sender included, gets the server's copy with its timestamp.
                broadcast(.chat(from: participantID, name: participant.name, text: text, timestamp: Timestamp.string(from: now)),
                          to: connection.roomID, except: nil, in: state)
                return nil
            }
            if let refusal { reject(refusal, to: connectionID) }
        case .leave:
            let now = clock.now
            let participantID = state.withLockedValue { state -> String? in
                guard var connection = state.connections[connectionID] else { return nil }
                let participantID = removeParticipant(of: connection, reason: "left", now: now, in: &state)
                connection.participantID = nil
                state.connections[connectionID] = connection
                connection.sink.close(code: .normal, reason: "left")
                return participantID
            }
            if let participantID { media.removeParticipant(participantID: participantID) }
        case .unknown:
            // Unknown types are ignored: a newer client may speak extensions this server lacks.
            break
        }
    }

    private func join(roomID requested: String?, userID: String?, name: String?, from connectionID: ConnectionID) {
        let now = clock.now
        let outcome = state.withLockedValue { state -> Result<Participant, SignalingError> in
            guard let connection = state.connections[connectionID] else {
                return .failure(SignalingError(.badMessage, "The connection is closed."))
            }
            guard !state.shuttingDown else {
                return .failure(SignalingError(.serverShuttingDown, "The server is shutting down."))
            }
            guard connection.participantID == nil else {
                return .failure(SignalingError(.alreadyJoined, "This connection has already joined the room."))
            }
            if let requested, requested != connection.roomID {
                return .failure(SignalingError(
                    .badMessage, "The join names room \(requested) but the connection is for room \(connection.roomID)."))
            }
            let participant: Participant
            do throws(RoomRegistryError) {
                participant = try state.registry.join(
                    roomID: connection.roomID, userID: userID, name: name,
                    clientAddress: connection.clientAddress, now: now)
            } catch {
                return .failure(SignalingError(error))
            }
            state.connections[connectionID]?.participantID = participant.id
            state.connections[connectionID]?.hasJoined = true
            state.connectionOfParticipant[participant.id] = connectionID
            let others = state.registry.room(id: connection.roomID)?.participants.filter { $0.id != participant.id } ?? []
            connection.sink.send(.joined(
                participantID: participant.id,
                participants: others.map(ParticipantSummary.init),
                iceServers: configuration.iceServers
                    + (configuration.turn?.iceServers(for: participant.id, now: clock.now) ?? [])))
            broadcast(.participantJoined(ParticipantSummary(participant)), to: connection.roomID, except: participant.id, in: state)
            publish(.participantJoined(roomID: connection.roomID, participant: ParticipantDetail(participant, statistics: nil)), in: state)
            return .success(participant)
        }
        switch outcome {
        case .success(let participant):
            let roomID = state.withLockedValue { $0.connections[connectionID]?.roomID } ?? ""
            logger.info("participant joined", metadata: ["room": "\(roomID)", "participant": "\(participant.id)"])
            media.addParticipant(roomID: roomID, participantID: participant.id) { [weak self] signal in
                self?.deliver(signal, to: participant.id)
            }
        case .failure(let error):
            reject(error, to: connectionID)
        }
    }

    private func handleOffer(sdp: String, from connectionID: ConnectionID) {
        let participantID = state.withLockedValue { state -> String? in
            guard let participantID = state.connections[connectionID]?.participantID else { return nil }
            state.connections[connectionID]?.offerInProgress = true
            return participantID
        }
        guard let participantID else {
            reject(Self.notJoined(.offer(sdp: sdp, roomID: nil)), to: connectionID)
            return
        }
        let answer: Result<String, SignalingError>
        do {
            answer = .success(try media.handleOffer(participantID: participantID, sdp: sdp))
        } catch {
            answer = .failure(SignalingError(.mediaError, "\(error)"))
        }
        state.withLockedValue { state in
            guard var connection = state.connections[connectionID] else { return }
            switch answer {
            case .success(let sdp): connection.sink.send(.answer(sdp: sdp))
            case .failure(let error): send(error, to: connection.sink)
            }
            // What the router said while it worked on the offer goes out after the answer.
            connection.offerInProgress = false
            let held = connection.heldSignals
            connection.heldSignals = []
            for signal in held { send(signal, on: &connection) }
            state.connections[connectionID] = connection
        }
    }

    private func handleAnswer(sdp: String, from connectionID: ConnectionID) {
        let check = state.withLockedValue { state -> Result<String, SignalingError> in
            guard let participantID = state.connections[connectionID]?.participantID else {
                return .failure(Self.notJoined(.answer(sdp: sdp)))
            }
            guard state.connections[connectionID]?.awaitingAnswer == true else {
                return .failure(SignalingError(.badMessage, "There is no offer from the server to answer."))
            }
            state.connections[connectionID]?.awaitingAnswer = false
            return .success(participantID)
        }
        switch check {
        case .success(let participantID):
            do {
                try media.handleAnswer(participantID: participantID, sdp: sdp)
            } catch {
                reject(SignalingError(.mediaError, "\(error)"), to: connectionID)
            }
        case .failure(let error):
            reject(error, to: connectionID)
        }
    }

    /// An offer or candidate from the router for one participant.
    func deliver(_ signal: MediaSignal, to participantID: String) {
        state.withLockedValue { state in
            guard let connectionID = state.connectionOfParticipant[participantID],
                  var connection = state.connections[connectionID] else { return }
            if connection.offerInProgress {
                connection.heldSignals.append(signal)
            } else {
                send(signal, on: &connection)
            }
            state.connections[connectionID] = connection
        }
    }

    private func send(_ signal: MediaSignal, on connection: inout Connection) {
        switch signal {
        case .offer(let sdp):
            connection.awaitingAnswer = true
            connection.sink.send(.offer(sdp: sdp))
        case .candidate(let candidate, let sdpMid, let sdpMLineIndex):
            connection.sink.send(.iceCandidate(IceCandidateInit(candidate: candidate, sdpMid: sdpMid, sdpMLineIndex: sdpMLineIndex)))
        }
    }

    private func joinedParticipant(_ connectionID: ConnectionID, for message: ClientMessage) -> String? {
        let participantID = state.withLockedValue { $0.connections[connectionID]?.participantID }
        if participantID == nil { reject(Self.notJoined(message), to: connectionID) }
        return participantID
    }

    static func notJoined(_ message: ClientMessage) -> SignalingError {
        SignalingError(.notJoined, "Send join before \(message.type).")
    }

    /// Takes the connection's participant out of its room and tells the others; returns its id.
    func removeParticipant(of connection: Connection, reason: String, now: Date, in state: inout State) -> String? {
        guard let participantID = connection.participantID else { return nil }
        state.connectionOfParticipant[participantID] = nil
        guard state.registry.leave(roomID: connection.roomID, participantID: participantID, now: now) != nil else {
            return participantID
        }
        announceDeparture(of: participantID, from: connection.roomID, reason: reason, in: state)
        return participantID
    }

    /// Sends an error to one connection, and closes it when the client cannot go on.
    func reject(_ error: SignalingError, to connectionID: ConnectionID) {
        state.withLockedValue { state in
            guard let sink = state.connections[connectionID]?.sink else { return }
            send(error, to: sink)
        }
    }

    func send(_ error: SignalingError, to sink: any MessageSink) {
        metrics.signalingError(error.code)
        sink.send(.error(error))
        if error.endsConnection {
            sink.close(code: .policyViolation, reason: error.code.rawValue)
        }
    }
}
