import RTC
import RTCNetwork

/// The media side of one attempt to join: the peer connection, the publisher that sends into it,
/// and the routing of its events. Media goes straight to `RemoteMedia` and keyframe requests to
/// the publisher, on the driver thread; what the call's logic needs becomes a `CallMachineEvent`.
final class CallPeer: Sendable {
    let session: PeerSession
    let publisher: MediaPublisher

    /// Opens the sockets, adds a sending track per source (a receiver where there is none) and
    /// makes the publisher, muted as given.
    init(options: CallOptions, sources: CallSources, audioEnabled: Bool, videoEnabled: Bool, remote: RemoteMedia,
         onEvent: @escaping @Sendable (CallMachineEvent) -> Void) throws {
        let router = EventRouter(remote: remote, onEvent: onEvent)
        var configuration = PeerConnectionConfiguration()
        configuration.relayOnly = options.relayOnly
        if let codecs = options.publisher.videoCodecs {
            // Offered, accepted and decoded: only these, in this order, in every video m-line.
            configuration.capabilities = configuration.capabilities.limitingVideo(to: codecs.map(\.encodingName))
        }
        let session = try PeerSession(configuration: configuration, addresses: options.addresses,
                                      inboundFilter: ReceiveLossFilter.dropping(options.injectedReceiveLoss),
                                      uplink: options.uplink, downlink: options.downlink) { router.route($0) }
        let audioMid = sources.audio != nil
            ? session.addTrack(kind: .audio, streamID: options.userID, trackID: "\(options.userID)-audio")
            : session.addReceiver(kind: .audio)
        let videoMid = sources.video != nil
            ? session.addTrack(kind: .video, streamID: options.userID, trackID: "\(options.userID)-video")
            : session.addReceiver(kind: .video)
        publisher = MediaPublisher(session: session, audioMid: sources.audio == nil ? nil : audioMid,
                                   videoMid: sources.video == nil ? nil : videoMid, settings: options.publisher,
                                   videoSource: sources.video, audioSource: sources.audio)
        publisher.setAudioEnabled(audioEnabled)
        publisher.setVideoEnabled(videoEnabled)
        router.publisher = publisher
        self.session = session
    }

    /// `.offerCreated`, or why there is no offer.
    func makeOffer() -> CallMachineEvent {
        do { return .offerCreated(sdp: try session.createOffer()) } catch { return .offerFailed("\(error)") }
    }

    /// Performs one of the machine's actions on this connection; returns what the machine is told
    /// back, if anything.
    func perform(_ action: CallAction, relayVerification: TLSVerification) -> CallMachineEvent? {
        switch action {
        case .startPublishing:
            publisher.start()
        case let .setAudioEnabled(on):
            publisher.setAudioEnabled(on)
        case let .setVideoEnabled(on):
            publisher.setVideoEnabled(on)
        case let .applyRemoteAnswer(sdp):
            do { try session.setRemoteDescription(sdp: sdp, isOffer: false) } catch {
                return .remoteDescriptionRefused("\(error)", wasOffer: false)
            }
        case let .applyRemoteOfferAndAnswer(sdp):
            do {
                try session.setRemoteDescription(sdp: sdp, isOffer: true)
                return .answerCreated(sdp: try session.createAnswer())
            } catch {
                return .remoteDescriptionRefused("\(error)", wasOffer: true)
            }
        case let .addRemoteCandidate(candidate):
            // One the engine cannot use is one fewer path, as in a browser.
            try? session.addRemoteCandidate(candidate)
        case let .addIceServers(stunServers, relays):
            session.addStunServers(stunServers)
            session.addRelayServers(relays, verification: relayVerification)
        default:
            break
        }
        return nil
    }

    func close() {
        publisher.stop()
        session.close()
    }

    /// Set up before the publisher exists (the session comes first), so it is found under a lock.
    private final class EventRouter: @unchecked Sendable {
        private let remote: RemoteMedia
        private let onEvent: @Sendable (CallMachineEvent) -> Void
        private let lock = PThreadLock()
        private var currentPublisher: MediaPublisher?
        private var sawAudio = false
        private var sawVideo = false

        init(remote: RemoteMedia, onEvent: @escaping @Sendable (CallMachineEvent) -> Void) {
            self.remote = remote
            self.onEvent = onEvent
        }

        var publisher: MediaPublisher? {
            get { lock.withLock { currentPublisher } }
            set { lock.withLock { currentPublisher = newValue } }
        }

        func route(_ event: PeerConnectionEvent) {
            switch event {
            case let .remoteTrackAdded(track): remote.trackAdded(track)
            case let .remoteTrackRemoved(mid): remote.trackRemoved(mid: mid)
            case let .videoFrame(frame):
                remote.receive(frame)
                if isFirst(\.sawVideo) { onEvent(.firstVideo) }
            case let .audioPacket(packet):
                remote.receive(packet)
                if isFirst(\.sawAudio) { onEvent(.firstAudio) }
            case .keyframeRequested: publisher?.requestKeyframe()
            case let .localCandidate(candidate): onEvent(.localCandidate(candidate))
            case let .iceConnectionStateChanged(state): onEvent(.iceConnectionStateChanged(state))
            case let .connectionStateChanged(state): onEvent(.connectionStateChanged(state))
            case let .failure(message): onEvent(.peerFailure(message))
            case .gatheringComplete, .rtpPacket, .bitrateEstimate, .targetBitrateChanged: break
            }
        }

        /// True once per connection for each kind: the machine only needs the first.
        private func isFirst(_ seen: ReferenceWritableKeyPath<EventRouter, Bool>) -> Bool {
            lock.withLock {
                defer { self[keyPath: seen] = true }
                return !self[keyPath: seen]
            }
        }
    }
}
