import LinkEmulation
import MediaIO
import NIOConcurrencyHelpers
import RTC
import RTCBase
import RTCNetwork

/// One call on real sockets, devices and time: the driver of `CallMachine`, which holds all of the
/// call's logic. It owns the signaling socket, the peer connection and its publisher, the sources
/// and the received media. Every event (socket, peer thread, keys, action results, the timer) goes
/// into the machine under one lock; the actions come out in order through one queue, and `run()`
/// performs them. The screen reads `snapshot()`; keys call the setters.
public final class CallSession: @unchecked Sendable {
    public let options: CallOptions
    public let remote: RemoteMedia
    public let startedAt: Instant
    public let log: CallLog

    /// The machine, and which socket and peer connection its events may come from: events of
    /// ones that were replaced or closed without waiting are dropped here.
    private struct Core: Sendable {
        var machine: CallMachine
        var liveSocket: Int?
        var livePeer: Int?
    }

    private enum Source {
        case socket(Int)
        case peer(Int)
    }

    /// What `run()` is woken for: actions in the machine's order, or its timer.
    private enum Work: Sendable {
        case perform([CallAction])
        case wake(Instant)
    }

    private let core: NIOLockedValueBox<Core>
    /// The current attempt's peer: the screen's stats and self-view, the decoders' keyframe requests.
    private let currentPeer: NIOLockedValueBox<CallPeer?>
    /// The emulated links' counters of the attempts' peer connections that were closed.
    private let closedLinks = NIOLockedValueBox((uplink: LinkCounters(), downlink: LinkCounters()))
    private let work: AsyncStream<Work>
    private let workInput: AsyncStream<Work>.Continuation
    // Touched by `run()` alone, one action at a time.
    private var signaling: SignalingConnection?
    private var sources = CallSources()
    private var lastNumber = 0
    private var roomCheck: Task<Void, Never>?
    private var timer = DeadlineTimer()

    public init(options: CallOptions) {
        self.options = options
        let startedAt = MonotonicClock.now()
        self.startedAt = startedAt
        log = CallLog(path: options.logFile)
        let currentPeer = NIOLockedValueBox<CallPeer?>(nil)
        self.currentPeer = currentPeer
        remote = RemoteMedia(audioOutput: options.audioOutput, decodes: options.decodesMedia) { mid in
            currentPeer.withLockedValue { $0 }?.session.requestKeyframe(mid: mid)
        }
        let insecure = options.endpoint.isSecure ? options.endpoint.trust.warning : nil
        let configuration = CallMachine.Configuration(
            options: options, startupNotices: [insecure, log.openError, remote.playbackNotice].compactMap { $0 },
            chatClock: .local(startedAt: startedAt))
        var machine = CallMachine(configuration: configuration, startedAt: startedAt)
        for case let .log(line) in machine.takeActions() { log.write(line) }
        core = NIOLockedValueBox(Core(machine: machine))
        (work, workInput) = AsyncStream.makeStream(of: Work.self)
    }

    // MARK: Controls

    public func snapshot() -> CallState {
        var state = core.withLockedValue { $0.machine.state }
        let stats = currentPeer.withLockedValue { $0 }?.session.stats()
        state.stats = stats
        state.connectionState = stats?.connectionState ?? .new
        return state
    }

    /// What we send, for the self-view.
    public var selfPicture: I420Frame? { currentPeer.withLockedValue { $0 }?.publisher.lastPicture }

    /// Time from start to the first decoded remote frame, when there was one.
    public var firstFrameMilliseconds: Double? {
        remote.firstVideoFrameAt.map { ($0 - startedAt).milliseconds }
    }

    public var connectedMilliseconds: Double? {
        core.withLockedValue { $0.machine.connectedAt }.map { ($0 - startedAt).milliseconds }
    }

    /// What the emulated links did over the whole call, every attempt's peer connection added up;
    /// nil for a direction without a link.
    public func linkCounters() -> (uplink: LinkCounters?, downlink: LinkCounters?) {
        let current = currentPeer.withLockedValue { $0 }?.session.linkCounters()
        let closed = closedLinks.withLockedValue { $0 }
        return (options.uplink?.impairs == true ? closed.uplink + (current?.uplink ?? LinkCounters()) : nil,
                options.downlink?.impairs == true ? closed.downlink + (current?.downlink ?? LinkCounters()) : nil)
    }

    public func setMicrophone(_ on: Bool) { feed(.setMicrophone(on)) }

    public func setCamera(_ on: Bool) { feed(.setCamera(on)) }

    public func sendChat(_ text: String) { feed(.sendChat(text)) }

    /// Sends `leave` and ends the call; `run()` returns `.left`.
    public func leave() { feed(.leave) }

    // MARK: The call

    /// Joins and stays until the call ends; rejoins with backoff when the network drops.
    public func run() async -> CallEnd {
        feed(.start)
        for await next in work {
            switch next {
            case let .perform(actions):
                for action in actions {
                    if case let .finish(end) = action { return finish(end) }
                    perform(action)
                }
            case let .wake(deadline):
                timer.fired(deadline)
                feed(.timeout)
            }
            timer.schedule(core.withLockedValue { $0.machine.nextDeadline }) { [workInput] in workInput.yield(.wake($0)) }
        }
        if case let .ended(end) = core.withLockedValue({ $0.machine.state.phase }) { return end }
        return .left
    }

    /// Steps the machine; its actions join the queue in the order it produced them.
    private func feed(_ event: CallMachineEvent, from source: Source? = nil) {
        core.withLockedValue { core in
            switch source {
            case let .socket(number)? where number != core.liveSocket: return
            case let .peer(number)? where number != core.livePeer: return
            default: break
            }
            core.machine.handle(event, now: MonotonicClock.now())
            let actions = core.machine.takeActions()
            if !actions.isEmpty { workInput.yield(.perform(actions)) }
        }
    }

    private func perform(_ action: CallAction) {
        let peer = currentPeer.withLockedValue { $0 }
        switch action {
        case .checkRoom:
            let api = KaamosAPIClient(endpoint: options.endpoint, timeout: 5)
            let roomID = options.roomID
            roomCheck = Task {
                do throws(APIError) {
                    _ = try await api.room(roomID)
                    feed(.roomChecked(nil))
                } catch {
                    feed(.roomChecked(error))
                }
            }
        case .openSources:
            sources = CallSources(options: options)
            feed(.sourcesOpened(audio: sources.audio != nil, video: sources.video != nil, notices: sources.notices))
        case .openSignaling:
            openSignaling()
        case let .send(message):
            signaling?.send(message)
        case let .closeSignaling(afterFlushing):
            signaling?.close(afterFlushing: afterFlushing)
            // A flushing close still reports `.closed`, which the machine waits for.
            if !afterFlushing {
                signaling = nil
                core.withLockedValue { $0.liveSocket = nil }
            }
        case let .createPeerAndOffer(audioEnabled, videoEnabled):
            createPeerAndOffer(audioEnabled: audioEnabled, videoEnabled: videoEnabled)
        case .startPublishing, .setAudioEnabled, .setVideoEnabled, .applyRemoteAnswer, .applyRemoteOfferAndAnswer,
             .addRemoteCandidate, .addIceServers:
            if let result = peer?.perform(action, relayVerification: options.effectiveRelayTLSVerification) { feed(result) }
        case let .resolveIceServers(servers):
            feed(.iceServersResolved(IceServerResolution(servers)))
        case .closePeer:
            core.withLockedValue { $0.livePeer = nil }
            if let counters = peer?.session.linkCounters() {
                closedLinks.withLockedValue { closed in
                    closed.uplink = closed.uplink + (counters.uplink ?? LinkCounters())
                    closed.downlink = closed.downlink + (counters.downlink ?? LinkCounters())
                }
            }
            currentPeer.withLockedValue { $0 = nil }
            peer?.close()
        case let .log(line):
            log.write(line)
        case .finish:
            break  // `run()` returns with it
        }
    }

    private func nextNumber() -> Int {
        lastNumber += 1
        return lastNumber
    }

    private func openSignaling() {
        let number = nextNumber()
        let connection = SignalingConnection(url: options.endpoint.signalingURL(room: options.roomID), trust: options.endpoint.trust)
        signaling = connection
        core.withLockedValue { $0.liveSocket = number }
        Task {
            for await event in connection.events { feed(.signaling(event), from: .socket(number)) }
            feed(.signalingEnded, from: .socket(number))
        }
    }

    private func createPeerAndOffer(audioEnabled: Bool, videoEnabled: Bool) {
        let number = nextNumber()
        core.withLockedValue { $0.livePeer = number }
        let peer: CallPeer
        do {
            peer = try CallPeer(options: options, sources: sources, audioEnabled: audioEnabled, videoEnabled: videoEnabled,
                                remote: remote) { [weak self] event in self?.feed(event, from: .peer(number)) }
        } catch {
            feed(.peerUnavailable("\(error)"), from: .peer(number))
            return
        }
        currentPeer.withLockedValue { $0 = peer }
        feed(peer.makeOffer(), from: .peer(number))
    }

    /// The machine has closed the peer and the socket; what is left is the whole call's.
    private func finish(_ end: CallEnd) -> CallEnd {
        timer.cancel()
        roomCheck?.cancel()
        signaling = nil
        sources.stop()
        remote.stop()
        workInput.finish()
        return end
    }
}
