import RTCBase
import RTCICE
import RTCMedia
import RTCSDP
import RTCSecurity

extension PeerConnection {
    // MARK: Driver interface

    /// Registers the addresses the driver's sockets are bound to; host candidates come from these.
    public func addLocalAddresses(_ addresses: [TransportAddress], now: Instant) {
        for address in addresses where !localHosts.contains(address) {
            localHosts.append(address)
            ice?.addLocalHost(address)
        }
        relayClock = max(relayClock, now)
        startRelayAllocations(now: now)
        pumpICE(now: now)
    }

    /// Adds STUN servers at any time; host sockets ask each new one for their reflexive address.
    public func addStunServers(_ servers: [TransportAddress], now: Instant) {
        let added = servers.filter { !stunServers.contains($0) }
        guard !added.isEmpty, !configuration.iceLite else { return }
        stunServers += added
        ice?.addStunServers(added)
        pumpICE(now: now)
    }

    /// Adds a candidate the remote side trickled; an empty candidate means end of candidates.
    /// `.local` (mDNS) and TCP candidates are accepted and ignored.
    public func addRemoteCandidate(_ candidate: IceCandidateInit, now: Instant) throws(PeerConnectionError) {
        let text = candidate.candidate.trimmingSpaces
        if text.isEmpty {
            remoteEndOfCandidates = true
            ice?.setRemoteEndOfCandidates()
            pumpICE(now: now)
            return
        }
        let parsed: Candidate
        do {
            parsed = try Candidate(attribute: text)
        } catch {
            throw .badCandidate(candidate: text, reason: "\(error)")
        }
        if let ice {
            _ = ice.addRemoteCandidate(parsed)
            pumpICE(now: now)
        } else {
            pendingRemoteCandidates.append(parsed)
        }
    }

    public func handleDatagram(_ datagram: Datagram, now: Instant) {
        guard let first = datagram.payload.first, connectionState != .closed else { return }
        relayClock = max(relayClock, now)
        if handleRelayDatagram(datagram, now: now) { return }
        switch PacketClass(firstByte: first) {
        case .stun:
            guard let ice else { return }
            ice.handleDatagram(datagram, now: now)
            pumpICE(now: now)
        case .dtls:
            handleDTLSRecord(datagram, now: now)
        case .rtpOrRTCP:
            handleSecureMedia(datagram.payload, now: now)
        case .unknown:
            discardedPackets += 1
        }
    }

    public func handleTimeout(now: Instant) {
        relayClock = max(relayClock, now)
        handleRelayTimeouts(now: now)
        if let ice, let due = ice.nextTimeout(), due <= now {
            ice.handleTimeout(now: now)
            pumpICE(now: now)
        }
        if let dtls, let due = dtls.nextTimeout(), due <= now {
            dtls.handleTimeout(now: now)
            pumpDTLS(now: now)
        }
        handleMediaTimers(now: now)
    }

    public func nextTimeout() -> Instant? {
        guard connectionState != .closed else { return nil }
        return earliest(ice?.nextTimeout(), dtls?.nextTimeout(), nextMediaTimeout(), nextRelayTimeout)
    }

    // MARK: ICE

    func ensureIceAgent(role: IceRole, now: Instant) {
        guard ice == nil else { return }
        var iceConfiguration = IceAgent.Configuration(
            role: configuration.iceLite ? .controlled : role, lite: configuration.iceLite,
            localCredentials: localCredentials, tieBreaker: random.next(),
            stunServers: stunServers, relayOnly: configuration.relayOnly)
        iceConfiguration.pacing = configuration.icePacing
        if configuration.seed != nil { iceConfiguration.randomSeed = random.next() }
        let agent = IceAgent(configuration: iceConfiguration)
        ice = agent
        for host in localHosts { agent.addLocalHost(host) }
        announceRelaysToICE()
        for candidate in pendingRemoteCandidates { _ = agent.addRemoteCandidate(candidate) }
        pendingRemoteCandidates.removeAll()
        if remoteEndOfCandidates { agent.setRemoteEndOfCandidates() }
        if connectionState == .new { setConnectionState(.connecting) }
        pumpICE(now: now)
    }

    func applyRemoteTransport(_ description: SessionDescription, now: Instant) {
        guard let ice, let first = description.media.first(where: { !$0.isRejected }) else { return }
        if remoteIceCredentials == nil, let credentials = description.iceCredentials(for: first) {
            let remote = IceCredentials(ufrag: credentials.ufrag, pwd: credentials.pwd)
            remoteIceCredentials = remote
            ice.setRemoteCredentials(remote)
            ice.setRemoteIsLite(description.iceLite)
        }
        // With BUNDLE every candidate belongs to the one transport, whichever m-line lists it.
        for media in description.media where !media.isRejected {
            for text in media.candidates {
                if let candidate = try? Candidate(attribute: text) { _ = ice.addRemoteCandidate(candidate) }
            }
            if media.endOfCandidates { ice.setRemoteEndOfCandidates() }
        }
        pumpICE(now: now)
    }

    func pumpICE(now: Instant) {
        guard let ice else { return }
        while let output = ice.pollOutput() {
            switch output {
            case let .transmit(datagram):
                route(datagram)
            case let .event(event):
                handleICEEvent(event, now: now)
            }
        }
    }

    private func handleICEEvent(_ event: IceEvent, now: Instant) {
        switch event {
        case let .localCandidate(candidate):
            localCandidates.append(candidate)
            let first = transceivers.first?.mid ?? "0"
            emit(.localCandidate(IceCandidateInit(candidate: candidate.attributeValue, sdpMid: first, sdpMLineIndex: 0)))
        case .gatheringComplete:
            gatheringComplete = true
            emit(.gatheringComplete)
        case let .connectionStateChanged(state):
            iceConnectionState = state
            emit(.iceConnectionStateChanged(state))
            updateConnectionState()
        case let .selectedPairChanged(local, remote):
            selectedPath = (local, remote)
            bindChannelIfRelayed(local: local, remote: remote, now: now)
            startDTLSIfReady(now: now)
        }
    }

    // MARK: DTLS

    func ensureDTLS(role: DTLSRole, remote: SessionDescription, now: Instant) throws(PeerConnectionError) {
        guard dtls == nil else { return }
        let first = remote.media.first(where: { !$0.isRejected })
        let fingerprint = first.flatMap { remote.fingerprints(for: $0).first { $0.algorithm == "sha-256" } }
        do {
            dtls = try DTLSTransport(role: role, certificate: certificate, remoteFingerprint: fingerprint, mtu: 1200)
        } catch {
            throw .certificate(error)
        }
        for record in earlyDTLSRecords { dtls?.handleDatagram(record.payload, now: now) }
        earlyDTLSRecords.removeAll()
        startDTLSIfReady(now: now)
        pumpDTLS(now: now)
    }

    func startDTLSIfReady(now: Instant) {
        guard let dtls, !dtlsStarted, dtls.role == .client, selectedPath != nil else { return }
        dtlsStarted = true
        dtls.start(now: now)
        pumpDTLS(now: now)
    }

    private func handleDTLSRecord(_ datagram: Datagram, now: Instant) {
        if selectedPath == nil { dtlsPath = (datagram.destination, datagram.source) }
        guard let dtls else {
            if earlyDTLSRecords.count < 8 { earlyDTLSRecords.append(datagram) }
            return
        }
        dtls.handleDatagram(datagram.payload, now: now)
        pumpDTLS(now: now)
    }

    func pumpDTLS(now: Instant) {
        guard let dtls else { return }
        while let output = dtls.pollOutput() {
            switch output {
            case let .transmit(bytes):
                transmit(bytes)
            case let .connected(keys):
                do {
                    srtpOutbound = try SRTPSession(profile: keys.profile, key: keys.localKey, salt: keys.localSalt, direction: .outbound)
                    srtpInbound = try SRTPSession(profile: keys.profile, key: keys.remoteKey, salt: keys.remoteSalt, direction: .inbound)
                    srtpProfile = keys.profile
                    dtlsConnected = true
                    nextReport = now + .milliseconds(500)
                } catch {
                    dtlsFailed = true
                    emit(.failure("Could not start SRTP: \(error)"))
                }
                updateConnectionState()
            case .applicationData:
                break
            case let .failed(error):
                dtlsFailed = true
                emit(.failure("\(error)"))
                updateConnectionState()
            case .closed:
                emit(.failure("The remote peer closed the connection (DTLS close_notify)."))
                srtpOutbound = nil
                srtpInbound = nil
                setConnectionState(.closed)
            }
        }
    }

    // MARK: State

    func updateConnectionState() {
        guard connectionState != .closed else { return }
        let next: PeerConnectionState
        if dtlsFailed || iceConnectionState == .failed {
            next = .failed
        } else if iceConnectionState == .disconnected {
            next = .disconnected
        } else if dtlsConnected && (iceConnectionState == .connected || iceConnectionState == .completed) {
            next = .connected
        } else if iceConnectionState == .new && !dtlsStarted && ice == nil {
            next = .new
        } else {
            next = .connecting
        }
        setConnectionState(next)
    }

    func setConnectionState(_ state: PeerConnectionState) {
        guard state != connectionState else { return }
        connectionState = state
        emit(.connectionStateChanged(state))
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\r" || first == "\n" || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\r" || last == "\n" || last == "\t" { text.removeLast() }
        return String(text)
    }
}
