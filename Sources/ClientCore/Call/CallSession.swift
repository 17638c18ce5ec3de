import Foundation
import MediaIO
import RTC
import RTCBase
import RTCNetwork
import KaamosWire

/// One call: signaling, the peer connection, what it publishes and what it receives, and the
/// rejoin when the network drops. The screen reads `snapshot()`; keys call the setters.
public final class CallSession: @unchecked Sendable {
    public let options: CallOptions
    public let remote: RemoteMedia
    public let startedAt = MonotonicClock.now()
    public let log: CallLog

    private let lock = PThreadLock()
    private var state = CallState()
    private var peer: PeerSession?
    private var signaling: SignalingConnection?
    private var publisher: MediaPublisher?
    private var videoSource: VideoSource?
    private var audioSource: AudioSource?
    private var leaveRequested = false
    private var dropReason: String?
    private var firstConnectedAt: Instant?
    /// Notices that hold for the whole call (no camera, no sound) and those that come and go.
    private var startupNotices: [String] = []
    private var keyedNotices: [(key: String, text: String)] = []

    private enum Outcome {
        case ended(CallEnd)
        case dropped(String)
    }

    public init(options: CallOptions) {
        self.options = options
        log = CallLog(path: options.logFile)
        log.write("call: room \(options.roomID) on \(options.endpoint.baseURL) as \(options.name)")
        let holder = PeerHolder()
        remote = RemoteMedia(audioOutput: options.audioOutput, decodes: options.decodesMedia) { mid in
            holder.peer?.requestKeyframe(mid: mid)
        }
        peerHolder = holder
        let insecure = options.endpoint.isSecure ? options.endpoint.trust.warning : nil
        for notice in [insecure, log.openError, remote.playbackNotice].compactMap({ $0 }) {
            startupNotices.append(notice)
            log.write("notice: \(notice)")
        }
        state.notices = startupNotices
    }

    /// The current peer session, for the receiver's keyframe requests (set per connection).
    private final class PeerHolder: @unchecked Sendable {
        private let lock = PThreadLock()
        private var current: PeerSession?
        var peer: PeerSession? {
            get { lock.withLock { current } }
            set { lock.withLock { current = newValue } }
        }
    }
    private let peerHolder: PeerHolder

    // MARK: Controls

    public func snapshot() -> CallState {
        let session = lock.withLock { peer }
        let stats = session?.stats()
        return lock.withLock {
            var copy = state
            copy.stats = stats
            copy.connectionState = stats?.connectionState ?? .new
            return copy
        }
    }

    /// What we send, for the self-view.
    public var selfPicture: I420Frame? { lock.withLock { publisher }?.lastPicture }

    /// Time from start to the first decoded remote frame, when there was one.
    public var firstFrameMilliseconds: Double? {
        remote.firstVideoFrameAt.map { ($0 - startedAt).milliseconds }
    }

    public var connectedMilliseconds: Double? {
        lock.withLock { firstConnectedAt }.map { ($0 - startedAt).milliseconds }
    }

    public func setMicrophone(_ on: Bool) {
        let (publisher, signaling, camera) = lock.withLock { () -> (MediaPublisher?, SignalingConnection?, Bool) in
            state.micOn = on
            return (self.publisher, self.signaling, state.cameraOn)
        }
        publisher?.setAudioEnabled(on)
        signaling?.send(.mediaState(audio: on && audioSource != nil, video: camera && videoSource != nil))
    }

    public func setCamera(_ on: Bool) {
        let (publisher, signaling, mic) = lock.withLock { () -> (MediaPublisher?, SignalingConnection?, Bool) in
            state.cameraOn = on
            return (self.publisher, self.signaling, state.micOn)
        }
        publisher?.setVideoEnabled(on)
        signaling?.send(.mediaState(audio: mic && audioSource != nil, video: on && videoSource != nil))
    }

    public func sendChat(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        let signaling = lock.withLock {
            state.chat.append(CallState.ChatLine(from: options.name, text: trimmed, time: Self.clock()))
            return self.signaling
        }
        signaling?.send(.chat(text: String(trimmed.prefix(2000))))
    }

    /// Sends `leave` and ends the call; `run()` returns `.left`.
    public func leave() {
        let signaling = lock.withLock { () -> SignalingConnection? in
            leaveRequested = true
            return self.signaling
        }
        signaling?.send(.leave)
        // Let the leave frame go out before the socket closes.
        Task {
            try? await Task.sleep(for: .milliseconds(150))
            signaling?.close()
        }
    }

    // MARK: The call

    /// Joins and stays until the call ends; rejoins with backoff when the network drops.
    public func run() async -> CallEnd {
        let api = KaamosAPIClient(endpoint: options.endpoint, timeout: 5)
        do {
            _ = try await api.room(options.roomID)
        } catch {
            switch error {
            case .roomNotFound: return finish(.roomNotFound)
            case .unreachable: return finish(.serverUnreachable("\(error)"))
            default: break  // a server without this endpoint: signaling will tell
            }
        }
        openSources()
        var attempt = 0
        while true {
            switch await connectOnce(isFirst: attempt == 0) {
            case let .ended(end):
                return finish(end)
            case let .dropped(reason):
                if lock.withLock({ leaveRequested }) { return finish(.left) }
                attempt += 1
                guard attempt <= options.reconnectAttempts else {
                    return finish(.failed("\(reason); gave up after \(options.reconnectAttempts) attempts to rejoin"))
                }
                let delay = min(16, 1 << (attempt - 1))
                for remaining in stride(from: delay * 10, to: 0, by: -1) {
                    lock.withLock {
                        state.phase = .reconnecting(attempt: attempt, inSeconds: (remaining + 9) / 10)
                        setNotice("Connection lost (\(reason)); rejoining in \((remaining + 9) / 10) s…", key: "reconnect")
                    }
                    if lock.withLock({ leaveRequested }) { return finish(.left) }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    private func finish(_ end: CallEnd) -> CallEnd {
        publisher?.stop()
        peer?.close()
        signaling?.close()
        videoSource?.stop()
        audioSource?.stop()
        remote.stop()
        lock.withLock { state.phase = .ended(end) }
        log.write("ended: \(end) (exit status \(end.exitStatus))")
        return end
    }

    /// Opens the camera and microphone (or files, or synthetic sources) once for the whole call;
    /// a missing device is a notice, and the call goes on without it.
    private func openSources() {
        let settings = options.publisher
        switch options.video {
        case .none:
            break
        case .testPattern:
            videoSource = TestPatternVideoSource(width: settings.width, height: settings.height, framesPerSecond: settings.framesPerSecond)
        case let .preencoded(media):
            videoSource = PreencodedVideoSource(media)
        case let .file(path):
            do { videoSource = try Y4MVideoSource(path: path, width: settings.width, height: settings.height) } catch {
                lock.withLock { addStartupNotice("No video: \(error)") }
            }
        case let .camera(device):
            do {
                videoSource = try CameraVideoSource(device: device, width: settings.width, height: settings.height,
                                                    framesPerSecond: settings.framesPerSecond)
            } catch {
                lock.withLock { addStartupNotice("No camera (\(error)): joined without video.") }
            }
        }
        switch options.audio {
        case .none:
            break
        case .tone:
            audioSource = ToneAudioSource()
        case let .preencoded(media):
            audioSource = PreencodedAudioSource(media)
        case let .file(path):
            do { audioSource = try WAVAudioSource(path: path) } catch {
                lock.withLock { addStartupNotice("No audio: \(error)") }
            }
        case let .microphone(device):
            do { audioSource = try MicrophoneAudioSource(device: device) } catch {
                lock.withLock { addStartupNotice("No microphone (\(error)): joined without audio.") }
            }
        }
        lock.withLock {
            state.cameraOn = videoSource != nil
            state.micOn = audioSource != nil
        }
    }

    private func connectOnce(isFirst: Bool) async -> Outcome {
        let url = options.endpoint.signalingURL(room: options.roomID)
        let signaling = SignalingConnection(url: url, trust: options.endpoint.trust)
        lock.withLock {
            self.signaling = signaling
            dropReason = nil
            if case .reconnecting = state.phase {} else { state.phase = .connecting }
        }
        var events = signaling.events.makeAsyncIterator()
        let first = await events.next()
        guard first == .opened else {
            signaling.close()
            var reason = "cannot open the signaling connection to \(url)"
            // The socket's own reason names a refused certificate or a refused connection.
            if case let .closed(why)? = first { reason = why }
            return isFirst ? .ended(.serverUnreachable("Cannot reach the server: \(reason).")) : .dropped(reason)
        }
        mark(\.webSocketMs)
        signaling.send(.join(roomID: options.roomID, userID: options.userID, name: options.name))

        let session: PeerSession
        do {
            var configuration = PeerConnectionConfiguration()
            configuration.relayOnly = options.relayOnly
            session = try PeerSession(configuration: configuration, addresses: options.addresses,
                                      inboundFilter: Self.lossFilter(options.injectedReceiveLoss)) { [weak self] event in
                self?.handle(event)
            }
        } catch {
            signaling.close()
            return .ended(.failed("cannot open UDP sockets: \(error)"))
        }
        let audioMid = audioSource != nil
            ? session.addTrack(kind: .audio, streamID: options.userID, trackID: "\(options.userID)-audio")
            : session.addReceiver(kind: .audio)
        let videoMid = videoSource != nil
            ? session.addTrack(kind: .video, streamID: options.userID, trackID: "\(options.userID)-video")
            : session.addReceiver(kind: .video)
        let publisher = MediaPublisher(session: session, audioMid: audioSource == nil ? nil : audioMid,
                                       videoMid: videoSource == nil ? nil : videoMid, settings: options.publisher,
                                       videoSource: videoSource, audioSource: audioSource)
        let (micOn, cameraOn) = lock.withLock { (state.micOn, state.cameraOn) }
        publisher.setAudioEnabled(micOn)
        publisher.setVideoEnabled(cameraOn)
        lock.withLock {
            peer = session
            self.publisher = publisher
        }
        peerHolder.peer = session
        defer {
            publisher.stop()
            session.close()
            signaling.close()
            peerHolder.peer = nil
            lock.withLock {
                peer = nil
                self.publisher = nil
                self.signaling = nil
            }
        }
        do {
            signaling.send(.offer(sdp: try session.createOffer(), roomID: options.roomID))
        } catch {
            return .ended(.failed("cannot make an offer: \(error)"))
        }
        signaling.send(.mediaState(audio: micOn && audioSource != nil, video: cameraOn && videoSource != nil))
        publisher.start()

        while let event = await events.next() {
            switch event {
            case .opened:
                continue
            case .malformed:
                continue
            case let .closed(reason):
                log.write("signaling closed: \(reason)")
                if lock.withLock({ leaveRequested }) { return .ended(.left) }
                return .dropped(lock.withLock { dropReason } ?? reason)
            case let .message(message):
                if let end = handle(message, session: session, signaling: signaling) { return .ended(end) }
            }
        }
        if lock.withLock({ leaveRequested }) { return .ended(.left) }
        return .dropped(lock.withLock { dropReason } ?? "the signaling connection ended")
    }

    /// One server message; returns how the call ends when it ends it.
    private func handle(_ message: ServerMessage, session: PeerSession, signaling: SignalingConnection) -> CallEnd? {
        switch message {
        case let .answer(sdp):
            do { try session.setRemoteDescription(sdp: sdp, isOffer: false) } catch {
                lock.withLock { setNotice("The server's answer was refused: \(error)", key: "sdp") }
            }
        case let .offer(sdp):
            do {
                try session.setRemoteDescription(sdp: sdp, isOffer: true)
                signaling.send(.answer(sdp: try session.createAnswer()))
            } catch {
                lock.withLock { setNotice("The server's offer was refused: \(error)", key: "sdp") }
            }
        case let .iceCandidate(candidate):
            try? session.addRemoteCandidate(IceCandidateInit(candidate))
        case let .joined(participantID, participants, iceServers):
            mark(\.joinedMs)
            let servers = IceServerResolution(iceServers)
            for problem in servers.problems { log.write("ice server skipped: \(problem)") }
            if options.relayOnly, servers.endpoints.isEmpty {
                let why = servers.problems.isEmpty ? "it named none" : servers.problems.joined(separator: "; ")
                return .failed("--relay-only needs a TURN server from the server, and \(why).")
            }
            session.addStunServers(servers.stunServers)
            session.addRelayServers(servers.endpoints, verification: options.effectiveRelayTLSVerification)
            lock.withLock {
                state.participantID = participantID
                state.joinedAt = (MonotonicClock.now() - startedAt).milliseconds
                state.participants = participants.filter { $0.id != participantID }.map {
                    CallState.Participant(id: $0.id, name: $0.name, audio: $0.audio, video: $0.video)
                }
            }
        case let .participantJoined(info):
            lock.withLock {
                state.participants.removeAll { $0.id == info.id }
                state.participants.append(CallState.Participant(id: info.id, name: info.name, audio: info.audio, video: info.video))
            }
        case let .participantLeft(id):
            lock.withLock { state.participants.removeAll { $0.id == id } }
        case let .mediaState(id, audio, video):
            lock.withLock {
                if let index = state.participants.firstIndex(where: { $0.id == id }) {
                    state.participants[index].audio = audio
                    state.participants[index].video = video
                }
            }
        case let .chat(from, name, text, _):
            lock.withLock {
                if from != state.participantID {
                    state.chat.append(CallState.ChatLine(from: name ?? from, text: text, time: Self.clock()))
                }
            }
        case let .kicked(reason):
            return .kicked(reason: reason)
        case let .roomClosed(reason):
            return .roomClosed(reason: reason)
        case let .error(error):
            let text = error.message
            switch error.code {
            case .roomFull: return .roomFull
            case .roomNotFound: return .roomNotFound
            case .banned: return .kicked(reason: text.isEmpty ? "banned from this room for now" : text)
            default: lock.withLock { setNotice("Server: \(text.isEmpty ? error.code.rawValue : text)", key: "server") }
            }
        case .unknown:
            break
        }
        return nil
    }

    /// Peer connection events, on its driver thread.
    private func handle(_ event: PeerConnectionEvent) {
        switch event {
        case let .localCandidate(candidate):
            lock.withLock { signaling }?.send(.iceCandidate(ICECandidate(candidate)))
        case let .remoteTrackAdded(track):
            remote.trackAdded(track)
        case let .remoteTrackRemoved(mid):
            remote.trackRemoved(mid: mid)
        case let .videoFrame(frame):
            mark(\.firstVideoMs)
            remote.receive(frame)
        case let .audioPacket(packet):
            mark(\.firstAudioMs)
            remote.receive(packet)
        case let .iceConnectionStateChanged(ice):
            if ice == .connected || ice == .completed { mark(\.iceMs) }
        case .keyframeRequested:
            lock.withLock { publisher }?.requestKeyframe()
        case let .connectionStateChanged(connection):
            log.write("media connection: \(connection.rawValue)")
            var close: SignalingConnection?
            lock.withLock {
                switch connection {
                case .connected:
                    if state.timeline.dtlsMs == nil { state.timeline.dtlsMs = (MonotonicClock.now() - startedAt).milliseconds }
                    state.phase = .connected
                    if firstConnectedAt == nil { firstConnectedAt = MonotonicClock.now() }
                    clearNotice(key: "reconnect")
                    clearNotice(key: "media")
                case .disconnected:
                    setNotice("Media connection interrupted; waiting for it to come back…", key: "media")
                case .failed:
                    // Consent lost or DTLS failed: rejoin from scratch.
                    dropReason = "the media connection failed"
                    close = signaling
                default:
                    break
                }
            }
            close?.close()
        case let .failure(message):
            lock.withLock { setNotice(message, key: "failure") }
        default:
            break
        }
    }

    /// Drops that fraction of incoming media datagrams (RTP and RTCP, RFC 7983), nil when zero.
    private static func lossFilter(_ loss: Double) -> (@Sendable (Datagram) -> Bool)? {
        guard loss > 0 else { return nil }
        let random = LockedRandom()
        let filter: @Sendable (Datagram) -> Bool = { datagram in
            guard let first = datagram.payload.first, first >= 128, first <= 191 else { return true }
            return random.unit() >= loss
        }
        return filter
    }

    private final class LockedRandom: @unchecked Sendable {
        private let lock = PThreadLock()
        private var generator = SeededRandom(seed: UInt64.random(in: 0...UInt64.max))
        func unit() -> Double { lock.withLock { Double(generator.next() % 1_000_000) / 1_000_000 } }
    }

    /// Records the first time a step of the join happened.
    private func mark(_ step: WritableKeyPath<CallState.Timeline, Double?>) {
        lock.withLock {
            if state.timeline[keyPath: step] == nil {
                state.timeline[keyPath: step] = (MonotonicClock.now() - startedAt).milliseconds
            }
        }
    }

    /// Replaces the notice with the same key, or adds one; keeps the last four.
    private func setNotice(_ text: String, key: String) {
        if keyedNotices.last(where: { $0.key == key })?.text != text { log.write("notice: \(text)") }
        keyedNotices.removeAll { $0.key == key }
        keyedNotices.append((key, text))
        if keyedNotices.count > 4 { keyedNotices.removeFirst() }
        state.notices = startupNotices + keyedNotices.map(\.text)
    }

    private func addStartupNotice(_ text: String) {
        log.write("notice: \(text)")
        startupNotices.append(text)
        state.notices = startupNotices + keyedNotices.map(\.text)
    }

    private func clearNotice(key: String) {
        keyedNotices.removeAll { $0.key == key }
        state.notices = startupNotices + keyedNotices.map(\.text)
    }

    private static func clock() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return String(format: "%02d:%02d", parts.tm_hour, parts.tm_min)
    }
}
