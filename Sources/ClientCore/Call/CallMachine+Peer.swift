import KaamosWire
import RTC
import RTCBase

/// The peer connection: the results of making it, its offer and answers, its ICE servers, and
/// its events.
extension CallMachine {
    mutating func handlePeer(_ event: CallMachineEvent, now: Instant) {
        // Events of a peer connection that was closed, or of one while leaving, change nothing.
        guard stage == .inCall, peer != .none else { return }
        switch event {
        case let .peerUnavailable(reason):
            peer = .none
            finish(.failed("cannot open UDP sockets: \(reason)"))
        case let .offerCreated(sdp):
            guard peer == .offering else { return }
            offerCreated(sdp)
        case let .offerFailed(reason):
            finish(.failed("cannot make an offer: \(reason)"))
        case let .answerCreated(sdp):
            perform(.send(.answer(sdp: sdp)))
        case let .remoteDescriptionRefused(reason, wasOffer):
            setNotice("The server's \(wasOffer ? "offer" : "answer") was refused: \(reason)", key: .sdp)
        case let .iceServersResolved(servers):
            iceServersResolved(servers)
        case let .localCandidate(candidate):
            // Held until the offer is out: a server that gets a candidate before the description
            // it belongs to fails to apply it (browsers wait too).
            if peer == .offered {
                perform(.send(.iceCandidate(candidate)))
            } else {
                heldCandidates.append(candidate)
            }
        case let .iceConnectionStateChanged(ice):
            if ice == .connected || ice == .completed { mark(\.iceMs, now: now) }
        case let .connectionStateChanged(connection):
            connectionStateChanged(connection, now: now)
        case let .peerFailure(message):
            setNotice(message, key: .failure)
        case .firstAudio:
            mark(\.firstAudioMs, now: now)
        case .firstVideo:
            mark(\.firstVideoMs, now: now)
        default:
            break
        }
    }

    /// Sends the offer, then the candidates gathered meanwhile, then what we publish.
    private mutating func offerCreated(_ sdp: String) {
        peer = .offered
        perform(.send(.offer(sdp: sdp, roomID: configuration.roomID)))
        for candidate in heldCandidates { perform(.send(.iceCandidate(candidate))) }
        heldCandidates.removeAll()
        perform(.send(mediaState))
        perform(.startPublishing)
    }

    private mutating func iceServersResolved(_ servers: IceServerResolution) {
        for problem in servers.problems { perform(.log("ice server skipped: \(problem)")) }
        if configuration.relayOnly, servers.endpoints.isEmpty {
            let why = servers.problems.isEmpty ? "it named none" : servers.problems.joined(separator: "; ")
            finish(.failed("--relay-only needs a TURN server from the server, and \(why)."))
            return
        }
        guard !servers.stunServers.isEmpty || !servers.endpoints.isEmpty else { return }
        perform(.addIceServers(stunServers: servers.stunServers, relays: servers.endpoints))
    }

    private mutating func connectionStateChanged(_ connection: PeerConnectionState, now: Instant) {
        perform(.log("media connection: \(connection.rawValue)"))
        switch connection {
        case .connected:
            mark(\.dtlsMs, now: now)
            state.phase = .connected
            if connectedAt == nil { connectedAt = now }
            clearNotice(.reconnect)
            clearNotice(.media)
        case .disconnected:
            setNotice("Media connection interrupted; waiting for it to come back…", key: .media)
        case .failed:
            // Consent lost or DTLS failed: rejoin from scratch.
            drop(reason: "the media connection failed", now: now)
        default:
            break
        }
    }
}
