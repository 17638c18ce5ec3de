import Foundation
import Logging
import NIOConcurrencyHelpers
import KaamosWire

/// Identifies one WebSocket connection inside the hub.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    let value: Int
    public var description: String { "c\(value)" }
}

/// Why creating a room failed, as the HTTP handler answers it.
public enum CreateRoomError: Error, Equatable, CustomStringConvertible {
    case rateLimited(retryAfterSeconds: Int)
    case tooManyRooms(limit: Int)
    case shuttingDown

    public var description: String {
        switch self {
        case .rateLimited(let seconds):
            "Too many rooms created from this address; try again in \(seconds) s."
        case .tooManyRooms(let limit):
            RoomRegistryError.tooManyRooms(limit: limit).description
        case .shuttingDown:
            "The server is shutting down."
        }
    }
}

/// The live server: the room registry plus the connections, the media router and the admin
/// subscribers. A plain class behind one lock; the HTTP and WebSocket handlers only call it.
///
/// Messages are queued to sinks while the lock is held, so each connection sees them in the order
/// they were decided; calls into the media router happen after the lock is released.
public final class RoomHub: Sendable {
    public let configuration: ServerConfiguration
    public let media: any MediaRouting
    public let clock: any ServerClock
    public let metrics: ServerMetrics
    let logger: Logger
    let startedAt: Date
    let state: NIOLockedValueBox<State>

    struct Connection {
        let sink: any MessageSink
        /// The room in the URL (`/ws/{room_id}`).
        let roomID: String
        let clientAddress: String
        let connectedAt: Date
        var participantID: String?
        /// Joined once (it may have left or been removed since).
        var hasJoined = false
        /// The router sent an offer and the client has not answered yet.
        var awaitingAnswer = false
        /// The client's offer is with the router: router signals wait until the answer is out.
        var offerInProgress = false
        var heldSignals: [MediaSignal] = []
    }

    struct State {
        var registry: RoomRegistry
        var createLimiter: RateLimiter
        var messageLimiter: RateLimiter
        var connections: [ConnectionID: Connection] = [:]
        var connectionOfParticipant: [String: ConnectionID] = [:]
        var subscribers: [ConnectionID: any MessageSink] = [:]
        var nextConnection = 0
        var shuttingDown = false

        mutating func makeConnectionID() -> ConnectionID {
            nextConnection += 1
            return ConnectionID(value: nextConnection)
        }
    }

    public init(
        configuration: ServerConfiguration,
        media: any MediaRouting,
        clock: any ServerClock = SystemClock(),
        metrics: ServerMetrics = ServerMetrics(),
        logger: Logger = Logger(label: "kaamos-server")
    ) {
        self.configuration = configuration
        self.media = media
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.startedAt = clock.now
        self.state = NIOLockedValueBox(State(
            registry: RoomRegistry(limits: configuration.limits),
            createLimiter: RateLimiter(limit: configuration.createLimit, window: configuration.createWindow),
            messageLimiter: RateLimiter(limit: configuration.messageLimit, window: configuration.messageWindow)
        ))
    }

    // MARK: Rooms (HTTP)

    /// Opens a room for `clientKey` (the client's address) unless it created too many lately.
    public func createRoom(creatorUserID: String?, clientKey: String) throws(CreateRoomError) -> Room {
        let now = clock.now
        let result: Result<Room, CreateRoomError> = state.withLockedValue { state in
            guard !state.shuttingDown else { return .failure(.shuttingDown) }
            if case .limited(let seconds) = state.createLimiter.attempt(key: clientKey, now: now) {
                return .failure(.rateLimited(retryAfterSeconds: seconds))
            }
            do {
                let room = try state.registry.createRoom(creatorUserID: creatorUserID, now: now)
                publish(.roomCreated(summary(room, now: now)), in: state)
                return .success(room)
            } catch {
                return .failure(.tooManyRooms(limit: state.registry.limits.maxRooms))
            }
        }
        let room = try result.get()
        metrics.roomCreated()
        logger.info("room created", metadata: ["room": "\(room.id)", "client": "\(clientKey)"])
        return room
    }

    public func room(id: String) -> Room? {
        state.withLockedValue { $0.registry.room(id: id) }
    }

    public func roomSummary(id: String) -> RoomSummary? {
        let now = clock.now
        return state.withLockedValue { state in state.registry.room(id: id).map { summary($0, now: now) } }
    }

    public func roomSummaries() -> [RoomSummary] {
        let now = clock.now
        return state.withLockedValue { state in state.registry.sortedRooms.map { summary($0, now: now) } }
    }

    /// The participants of a room with the router's statistics.
    public func participantDetails(roomID: String) throws(RoomRegistryError) -> [ParticipantDetail] {
        guard let room = room(id: roomID) else { throw .roomNotFound(roomID: roomID) }
        return room.participants.map { ParticipantDetail($0, statistics: media.statistics(participantID: $0.id)) }
    }

    public var counts: (rooms: Int, participants: Int, subscribers: Int) {
        state.withLockedValue { ($0.registry.rooms.count, $0.registry.participantCount, $0.subscribers.count) }
    }

    func summary(_ room: Room, now: Date) -> RoomSummary {
        RoomSummary(room, lifetime: configuration.limits.roomLifetime, now: now)
    }

    // MARK: Admin actions

    /// Removes a participant: it gets `kicked`, its connection and media close, and it may not
    /// rejoin for the ban duration.
    public func kick(roomID: String, participantID: String, reason: String = "removed by admin") throws(RoomRegistryError) {
        let now = clock.now
        try withState { state throws(RoomRegistryError) in
            let participant = try state.registry.kick(roomID: roomID, participantID: participantID, now: now)
            if let connectionID = state.connectionOfParticipant.removeValue(forKey: participant.id) {
                state.connections[connectionID]?.participantID = nil
                if let sink = state.connections[connectionID]?.sink {
                    sink.send(.kicked(reason: reason))
                    sink.close(code: .normal, reason: "kicked")
                }
            }
            announceDeparture(of: participant.id, from: roomID, reason: "kicked", in: state)
        }
        media.removeParticipant(participantID: participantID)
        logger.info("participant kicked", metadata: ["room": "\(roomID)", "participant": "\(participantID)"])
    }

    /// Admin mute: `true` stops forwarding that kind from the participant, `false` resumes it.
    public func mute(roomID: String, participantID: String, audio: Bool?, video: Bool?) throws(RoomRegistryError) {
        let now = clock.now
        let participant = try withState { state throws(RoomRegistryError) in
            let participant = try state.registry.setAdminMute(
                roomID: roomID, participantID: participantID, audio: audio, video: video, now: now)
            announceMediaState(of: participant, in: roomID, includingSelf: true, state: state)
            return participant
        }
        media.setForwarding(
            participantID: participantID, audio: !participant.audioMutedByAdmin, video: !participant.videoMutedByAdmin)
    }

    /// Closes a room: every participant gets `room-closed` and its connection closes.
    public func closeRoom(id roomID: String, reason: String = "closed by admin") throws(RoomRegistryError) {
        let room = try withState { state throws(RoomRegistryError) in
            let room = try state.registry.closeRoom(id: roomID)
            dismiss(room, reason: reason, code: .normal, in: &state)
            return room
        }
        for participant in room.participants {
            media.removeParticipant(participantID: participant.id)
        }
        logger.info("room closed", metadata: ["room": "\(roomID)", "reason": "\(reason)"])
    }

    /// Removes the rooms whose lifetime ran out and forgets stale rate-limit and ban entries.
    @discardableResult
    public func sweep() -> [Room] {
        let now = clock.now
        let expired = state.withLockedValue { state in
            let expired = state.registry.removeExpired(now: now)
            for room in expired {
                dismiss(room, reason: "expired", code: .normal, in: &state)
            }
            state.createLimiter.removeStale(at: now)
            state.messageLimiter.removeStale(at: now)
            closeIdleConnections(now: now, in: state)
            return expired
        }
        for room in expired {
            for participant in room.participants { media.removeParticipant(participantID: participant.id) }
            logger.info("room expired", metadata: ["room": "\(room.id)"])
        }
        return expired
    }

    /// Tells every participant `room-closed` with `reason`, closes every connection (admin streams
    /// too) and refuses new rooms and joins from now on.
    public func shutDown(reason: String = "server shutting down") {
        let participants = state.withLockedValue { state in
            state.shuttingDown = true
            var participants: [String] = []
            for room in state.registry.sortedRooms {
                participants += room.participants.map(\.id)
                for participant in room.participants {
                    if let connectionID = state.connectionOfParticipant[participant.id],
                       let sink = state.connections[connectionID]?.sink {
                        sink.send(.roomClosed(reason: reason))
                        sink.close(code: .goingAway, reason: reason)
                    }
                }
            }
            for connection in state.connections.values where connection.participantID == nil {
                connection.sink.close(code: .goingAway, reason: reason)
            }
            for subscriber in state.subscribers.values {
                subscriber.close(code: .goingAway, reason: reason)
            }
            return participants
        }
        for participantID in participants { media.removeParticipant(participantID: participantID) }
        logger.info("shutting down", metadata: ["participants": "\(participants.count)"])
    }

    /// Whether any WebSocket (participant or admin) is still registered.
    public var hasConnections: Bool {
        state.withLockedValue { !$0.connections.isEmpty || !$0.subscribers.isEmpty }
    }

    // MARK: Helpers used with the lock held

    /// Runs `body` with the lock held, keeping its typed error.
    func withState<T, E: Error>(_ body: (inout State) throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = state.withLockedValue { state in
            do throws(E) {
                return .success(try body(&state))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Sends `room-closed` to everyone in a room that is already out of the registry, and detaches them.
    func dismiss(_ room: Room, reason: String, code: CloseCode, in state: inout State) {
        for participant in room.participants {
            guard let connectionID = state.connectionOfParticipant.removeValue(forKey: participant.id) else { continue }
            state.connections[connectionID]?.participantID = nil
            if let sink = state.connections[connectionID]?.sink {
                sink.send(.roomClosed(reason: reason))
                sink.close(code: code, reason: reason)
            }
        }
        publish(.roomClosed(roomID: room.id, reason: reason), in: state)
    }

    /// Closes connections that never sent `join` within the join timeout.
    func closeIdleConnections(now: Date, in state: State) {
        for connection in state.connections.values where !connection.hasJoined {
            guard now.timeIntervalSince(connection.connectedAt) >= configuration.joinTimeout else { continue }
            connection.sink.send(.error(SignalingError(
                .notJoined, "No join within \(Int(configuration.joinTimeout)) s; closing the connection.")))
            connection.sink.close(code: .policyViolation, reason: "join timeout")
        }
    }

    /// Tells the rest of the room and the admins that a participant is gone.
    func announceDeparture(of participantID: String, from roomID: String, reason: String, in state: State) {
        broadcast(.participantLeft(participantID: participantID), to: roomID, except: nil, in: state)
        publish(.participantLeft(roomID: roomID, participantID: participantID, reason: reason), in: state)
    }

    func announceMediaState(of participant: Participant, in roomID: String, includingSelf: Bool, state: State) {
        broadcast(
            .mediaState(participantID: participant.id, audio: participant.audio, video: participant.video),
            to: roomID, except: includingSelf ? nil : participant.id, in: state)
        publish(.mediaState(roomID: roomID, participantID: participant.id, audio: participant.audio, video: participant.video), in: state)
    }

    func broadcast(_ message: ServerMessage, to roomID: String, except excluded: String?, in state: State) {
        guard let room = state.registry.room(id: roomID) else { return }
        let text = message.json
        for participant in room.participants where participant.id != excluded {
            if let connectionID = state.connectionOfParticipant[participant.id] {
                state.connections[connectionID]?.sink.send(text: text)
            }
        }
    }

    func publish(_ event: AdminEvent, in state: State) {
        guard !state.subscribers.isEmpty else { return }
        let text = event.json
        for subscriber in state.subscribers.values { subscriber.send(text: text) }
    }
}
