import KaamosWire
import RTC
import RTCBase

/// The logic of one call, sans-IO: join, negotiate, follow the room, rejoin with backoff when the
/// network drops, leave. The driver (`CallSession`) feeds it events with `now`, drains
/// `takeActions()` and performs them in order, and calls back with `.timeout` at `nextDeadline`.
/// The machine never reads a clock, never sleeps and never locks, so tests run it on a virtual
/// clock.
struct CallMachine: Sendable {
    struct Configuration: Sendable {
        var roomID: String
        var userID: String
        var name: String
        /// For the log and the sentence of a first connection that fails.
        var serverURL: String
        var signalingURL: String
        var relayOnly = false
        var reconnectAttempts = 8
        /// Notices that hold for the whole call, known before it starts (insecure TLS, no log
        /// file, no sound).
        var startupNotices: [String] = []
        /// How long a leaving call waits for its `leave` to be written before it closes anyway.
        var leaveFlushTimeout: Duration = .seconds(1)
        var chatClock: ChatClock
    }

    /// Where the call is. The signaling socket is being opened in `.connecting`, and open in
    /// `.inCall` and `.leaving`; in every other stage there is none.
    enum Stage: Sendable, Equatable {
        case idle
        case checkingRoom
        case openingSources
        case connecting
        case inCall
        /// `showing` is the countdown on screen, in seconds.
        case waitingToRejoin(reason: String, at: Instant, showing: Int)
        case leaving(closeBy: Instant)
        case ended
    }

    /// The peer connection of the current attempt.
    enum PeerStage: Sendable, Equatable {
        case none
        /// Made, its offer not sent yet: local candidates wait.
        case offering
        case offered
    }

    let configuration: Configuration
    let startedAt: Instant
    /// What the screen shows; `stats` and `connectionState` are the driver's to fill in.
    var state = CallState()
    /// When media first connected.
    var connectedAt: Instant?
    var stage = Stage.idle
    var peer = PeerStage.none
    /// The driver holds a signaling socket for this attempt; the machine lets go of it with
    /// `.closeSignaling(afterFlushing: false)`, also once it has closed by itself.
    var hasSocket = false
    /// Rejoins so far in the whole call: it is not reset by a successful rejoin.
    var attempt = 0
    var hasAudioSource = false
    var hasVideoSource = false
    var heldCandidates: [IceCandidateInit] = []
    var startupNotices: [String]
    var keyedNotices: [(key: CallNotice, text: String)] = []
    private var actions: [CallAction] = []

    init(configuration: Configuration, startedAt: Instant) {
        self.configuration = configuration
        self.startedAt = startedAt
        startupNotices = configuration.startupNotices
        state.notices = startupNotices
        actions.append(.log("call: room \(configuration.roomID) on \(configuration.serverURL) as \(configuration.name)"))
        for notice in startupNotices { actions.append(.log("notice: \(notice)")) }
    }

    /// The actions produced since the last call, in the order they are to be performed.
    mutating func takeActions() -> [CallAction] {
        defer { actions.removeAll() }
        return actions
    }

    /// When the machine wants a `.timeout`: the next second of a rejoin countdown, or the end of
    /// a leave's wait for its frame to be written.
    var nextDeadline: Instant? {
        switch stage {
        case let .waitingToRejoin(_, at, showing):
            // The countdown shows whole seconds rounded up: it changes a second before each.
            return at - .seconds(showing - 1)
        case let .leaving(closeBy):
            return closeBy
        default:
            return nil
        }
    }

    mutating func handle(_ event: CallMachineEvent, now: Instant) {
        guard stage != .ended else { return }
        switch event {
        case .start: start()
        case .timeout: handleTimeout(now: now)
        case let .roomChecked(error): roomChecked(error)
        case let .sourcesOpened(audio, video, notices): sourcesOpened(audio: audio, video: video, notices: notices)
        case let .signaling(event): handleSignaling(event, now: now)
        case .signalingEnded: signalingEnded(now: now)
        case let .setMicrophone(on): setMicrophone(on)
        case let .setCamera(on): setCamera(on)
        case let .sendChat(text): sendChat(text, now: now)
        case .leave: leave(now: now)
        default: handlePeer(event, now: now)
        }
    }

    // MARK: Shared by the extensions

    mutating func perform(_ action: CallAction) { actions.append(action) }

    /// Ends the call: closes what is open, says so in the log, and tells the driver.
    mutating func finish(_ end: CallEnd) {
        closeAttempt()
        stage = .ended
        state.phase = .ended(end)
        perform(.log("ended: \(end) (exit status \(end.exitStatus))"))
        perform(.finish(end))
    }

    /// Closes the peer connection and the socket of the current attempt, when they are open.
    mutating func closeAttempt() {
        if peer != .none { perform(.closePeer) }
        if hasSocket { perform(.closeSignaling(afterFlushing: false)) }
        peer = .none
        hasSocket = false
        heldCandidates.removeAll()
    }

    /// Records the first time a step of the join happened, in milliseconds from the start.
    mutating func mark(_ step: WritableKeyPath<CallState.Timeline, Double?>, now: Instant) {
        if state.timeline[keyPath: step] == nil { state.timeline[keyPath: step] = (now - startedAt).milliseconds }
    }

    /// Replaces the notice of that kind, or adds one; keeps the last four.
    mutating func setNotice(_ text: String, key: CallNotice) {
        if keyedNotices.last(where: { $0.key == key })?.text != text { perform(.log("notice: \(text)")) }
        keyedNotices.removeAll { $0.key == key }
        keyedNotices.append((key, text))
        if keyedNotices.count > 4 { keyedNotices.removeFirst() }
        state.notices = startupNotices + keyedNotices.map(\.text)
    }

    mutating func clearNotice(_ key: CallNotice) {
        keyedNotices.removeAll { $0.key == key }
        state.notices = startupNotices + keyedNotices.map(\.text)
    }

    /// The media-state message for what we send now: on only where there is a source.
    var mediaState: ClientMessage {
        .mediaState(audio: state.micOn && hasAudioSource, video: state.cameraOn && hasVideoSource)
    }

    // MARK: Starting

    private mutating func start() {
        guard stage == .idle else { return }
        stage = .checkingRoom
        perform(.checkRoom)
    }

    private mutating func roomChecked(_ error: APIError?) {
        guard stage == .checkingRoom else { return }
        switch error {
        case .roomNotFound?:
            finish(.roomNotFound)
        case let error? where error.isUnreachable:
            finish(.serverUnreachable(error.description))
        default:
            // Found, or a server without this endpoint: signaling will tell.
            stage = .openingSources
            perform(.openSources)
        }
    }

    private mutating func sourcesOpened(audio: Bool, video: Bool, notices: [String]) {
        guard stage == .openingSources else { return }
        for notice in notices {
            perform(.log("notice: \(notice)"))
            startupNotices.append(notice)
        }
        state.notices = startupNotices + keyedNotices.map(\.text)
        hasAudioSource = audio
        hasVideoSource = video
        state.micOn = audio
        state.cameraOn = video
        connect()
    }

    /// Opens the signaling socket for an attempt; a rejoin keeps its phase until media connects.
    mutating func connect() {
        if case .reconnecting = state.phase {} else { state.phase = .connecting }
        stage = .connecting
        hasSocket = true
        perform(.openSignaling)
    }
}

extension CallMachine.Configuration {
    init(options: CallOptions, startupNotices: [String], chatClock: ChatClock) {
        self.init(roomID: options.roomID, userID: options.userID, name: options.name, serverURL: options.endpoint.baseURL,
                  signalingURL: options.endpoint.signalingURL(room: options.roomID), relayOnly: options.relayOnly,
                  reconnectAttempts: options.reconnectAttempts, startupNotices: startupNotices, chatClock: chatClock)
    }
}

private extension APIError {
    var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}
