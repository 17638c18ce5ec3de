import RTCBase
import RTCSTUN

// Answering Binding requests from the peer (RFC 8445 section 7.3, RFC 5389 section 10.1.2).
extension IceAgent {
    func handleRequest(_ request: STUNMessage, datagram: Datagram) {
        stats.requestsReceived += 1
        // Only our candidates' bases answer: with the relay policy a host socket carries TURN only.
        guard host(for: datagram.destination) != nil else { return }
        guard request.method == .binding else {
            respondWithError(to: request, datagram: datagram, code: 400, reason: "Bad Request", signed: false)
            return
        }
        let local = configuration.localCredentials
        guard let username = request.username, request.hasMessageIntegrity, username.hasPrefix(local.ufrag + ":") else {
            respondWithError(to: request, datagram: datagram, code: 400, reason: "Bad Request", signed: false)
            return
        }
        guard request.validatesIntegrity(key: Array(local.pwd.utf8)) else {
            respondWithError(to: request, datagram: datagram, code: 401, reason: "Unauthorized", signed: false)
            return
        }
        guard resolveRoleConflict(request, datagram: datagram) else { return }

        let response = STUNMessage(messageClass: .successResponse, transactionID: request.transactionID,
                                   attributes: [.xorMappedAddress(datagram.source)])
        send(response, inReplyTo: datagram, signed: true)

        let index = pairForRequest(request, datagram: datagram)
        if configuration.lite {
            handleRequestAsLite(request, pair: index)
        } else if let index {
            handleRequestAsFull(request, pair: index)
        }
    }

    /// RFC 8445 section 7.3.1.1. Returns false when the request was answered with 487 instead.
    func resolveRoleConflict(_ request: STUNMessage, datagram: Datagram) -> Bool {
        if configuration.lite {
            // A lite agent is always controlled; a peer that also thinks it is controlled must switch.
            if request.iceControlled != nil, !remoteIsLite {
                respondWithError(to: request, datagram: datagram, code: 487, reason: "Role Conflict", signed: true)
                return false
            }
            return true
        }
        let tieBreaker = configuration.tieBreaker
        if role == .controlling, let theirs = request.iceControlling {
            if tieBreaker >= theirs {
                respondWithError(to: request, datagram: datagram, code: 487, reason: "Role Conflict", signed: true)
                return false
            }
            switchRole(to: .controlled)
        } else if role == .controlled, let theirs = request.iceControlled {
            if tieBreaker >= theirs {
                switchRole(to: .controlling)
            } else {
                respondWithError(to: request, datagram: datagram, code: 487, reason: "Role Conflict", signed: true)
                return false
            }
        }
        return true
    }

    /// Finds or creates the pair the request arrived on, learning a peer-reflexive remote candidate
    /// when the source address is new (RFC 8445 section 7.3.1.3).
    func pairForRequest(_ request: STUNMessage, datagram: Datagram) -> Int? {
        let key = PairKey(local: datagram.destination, remote: datagram.source)
        if let index = pairIndex[key] { return index }
        guard let host = host(for: datagram.destination) else { return nil }
        var remote = remoteCandidates[datagram.source]
        if remote == nil {
            guard remoteCandidates.count < Self.maxRemoteCandidates else { return nil }
            peerReflexiveCount += 1
            let learned = Candidate(foundation: "prflx\(peerReflexiveCount)", priority: request.priority ?? 0,
                                    address: datagram.source, type: .peerReflexive)
            remoteCandidates[datagram.source] = learned
            remote = learned
        }
        guard let remote else { return nil }
        addPair(host: host, remote: datagram.source, remoteCandidate: remote, reachable: true)
        return pairIndex[key]
    }

    /// RFC 8445 sections 7.3.1.4 (triggered checks) and 7.3.1.5 (nomination).
    func handleRequestAsFull(_ request: STUNMessage, pair index: Int) {
        if index == selectedIndex { lastCheckFromPeer = now }
        let nominated = request.useCandidate && role == .controlled
        if nominated { pairs[index].nominatedByPeer = true }
        switch pairs[index].state {
        case .succeeded:
            if nominated { select(index) }
        case .inProgress:
            break
        case .waiting, .frozen, .failed:
            pairs[index].state = .waiting
            if selectedIndex == nil || nominated, !triggered.contains(where: { $0.pair == index }) {
                triggered.append((index, false))
            }
        }
    }

    /// A lite agent has no checks of its own: it takes the pair the controlling peer nominates.
    func handleRequestAsLite(_ request: STUNMessage, pair index: Int?) {
        guard let index else { return }
        pairs[index].state = .succeeded
        if connectionState == .new {
            checkingStarted = now
            setState(.checking)
        }
        if request.useCandidate {
            pairs[index].nominatedByPeer = true
            select(index)
        }
        if index == selectedIndex {
            lastCheckFromPeer = now
            if connectionState == .disconnected { setState(.connected); updateHealthyState() }
        }
    }

    func respondWithError(to request: STUNMessage, datagram: Datagram, code: Int, reason: String, signed: Bool) {
        // Never answer a response-class message or an indication: only requests get here.
        let response = STUNMessage(messageClass: .errorResponse, method: request.method, transactionID: request.transactionID,
                                   attributes: [.errorCode(code: code, reason: reason)])
        send(response, inReplyTo: datagram, signed: signed)
    }

    func send(_ response: STUNMessage, inReplyTo datagram: Datagram, signed: Bool) {
        let key = signed ? Array(configuration.localCredentials.pwd.utf8) : nil
        stats.responsesSent += 1
        transmit(Datagram(source: datagram.destination, destination: datagram.source,
                          payload: response.encoded(integrityKey: key, addFingerprint: true)))
    }
}
