import RTCBase
import RTCSTUN

// The checklist: pacing, connectivity checks, their responses, nomination and selection
// (RFC 8445 sections 6.1.4, 7.2 and 8.1).
extension IceAgent {
    var canCheck: Bool { !configuration.lite && remoteCredentials != nil && selectedIndex == nil }

    var hasPacedWork: Bool {
        if !pendingGathers.isEmpty { return true }
        guard canCheck || (remoteCredentials != nil && !triggered.isEmpty) else { return false }
        return !triggered.isEmpty || pairs.contains { $0.state == .waiting || $0.state == .frozen }
    }

    var hasGatherInFlight: Bool {
        transactions.values.contains { if case .gather = $0.purpose { true } else { false } }
    }

    /// Sends at most one new transaction per Ta: a triggered check first (they answer the peer),
    /// then a gathering request, then the best Waiting pair, then the best Frozen one.
    func sendPacedRequest() {
        if let last = lastPacedSend, now < last + configuration.pacing { return }
        while let next = triggered.first {
            triggered.removeFirst()
            let pair = pairs[next.pair]
            // A nomination must go out even on a succeeded pair; a plain triggered check need not.
            if next.useCandidate || pair.state != .succeeded, remoteCredentials != nil, !configuration.lite {
                if selectedIndex != nil, !next.useCandidate { continue }
                sendCheck(pair: next.pair, useCandidate: next.useCandidate)
                return
            }
        }
        if !pendingGathers.isEmpty {
            let gather = pendingGathers.removeFirst()
            sendGatherRequest(from: gather.host, to: gather.server)
            return
        }
        guard canCheck else { return }
        let ordered = pairs.indices.sorted { pairs[$0].priority(role: role) > pairs[$1].priority(role: role) }
        if let index = ordered.first(where: { pairs[$0].state == .waiting })
            ?? ordered.first(where: { pairs[$0].state == .frozen }) {
            sendCheck(pair: index, useCandidate: false)
        }
    }

    func sendCheck(pair index: Int, useCandidate: Bool) {
        guard let remoteCredentials, let host = host(for: pairs[index].local) else { return }
        var attributes: [STUNAttribute] = [
            .username(remoteCredentials.ufrag + ":" + configuration.localCredentials.ufrag),
            .priority(host.peerReflexivePriority),
            role == .controlling ? .iceControlling(tieBreaker: configuration.tieBreaker)
                                 : .iceControlled(tieBreaker: configuration.tieBreaker),
        ]
        if useCandidate { attributes.append(.useCandidate) }
        if pairs[index].state != .succeeded { pairs[index].state = .inProgress }
        startTransaction(.check(pair: index, useCandidate: useCandidate, role: role), attributes: attributes,
                         key: Array(remoteCredentials.pwd.utf8), from: pairs[index].local, to: pairs[index].remote,
                         maxTransmissions: configuration.maxCheckTransmissions)
        lastPacedSend = now
        if connectionState == .new {
            checkingStarted = now
            setState(.checking)
        }
    }

    func startTransaction(_ purpose: IceTransaction.Purpose, attributes: [STUNAttribute], key: [UInt8]?,
                          from source: TransportAddress, to destination: TransportAddress, maxTransmissions: Int) {
        let id = STUNTransactionID(high: UInt32(truncatingIfNeeded: random.next()), low: random.next())
        let message = STUNMessage(messageClass: .request, transactionID: id, attributes: attributes)
        let datagram = Datagram(source: source, destination: destination,
                                payload: message.encoded(integrityKey: key, addFingerprint: true))
        let timeout = initialTimeout
        transactionCount += 1
        transactions[id] = IceTransaction(purpose: purpose, sequence: transactionCount, datagram: datagram, firstSent: now,
                                          maxTransmissions: maxTransmissions, timeout: timeout, deadline: now + timeout)
        stats.requestsSent += 1
        transmit(datagram)
    }

    /// The configured first RTO, or twice the measured round trip when that is longer, so that a
    /// distant peer is not flooded with retransmissions.
    var initialTimeout: Duration {
        guard let rtt = stats.roundTripTime else { return configuration.initialRetransmissionTimeout }
        return min(max(configuration.initialRetransmissionTimeout, rtt * 2), configuration.maxRetransmissionTimeout)
    }

    /// RFC 5389 section 7.2.1: retransmit with a doubling timeout, give up after the last one.
    func retransmitOrExpire() {
        let due = transactions.filter { $0.value.deadline <= now }.sorted { $0.value.sequence < $1.value.sequence }
        for (id, transaction) in due {
            if transaction.transmissions >= transaction.maxTransmissions {
                transactions[id] = nil
                transactionTimedOut(transaction)
                continue
            }
            var updated = transaction
            updated.transmissions += 1
            updated.timeout = min(transaction.timeout * 2, configuration.maxRetransmissionTimeout)
            updated.deadline = now + updated.timeout
            transactions[id] = updated
            stats.requestsSent += 1
            stats.retransmissions += 1
            transmit(transaction.datagram)
        }
    }

    func transactionTimedOut(_ transaction: IceTransaction) {
        switch transaction.purpose {
        case let .check(index, useCandidate, _):
            let stillChecking = transactions.values.contains { if case .check(index, _, _) = $0.purpose { true } else { false } }
            if !stillChecking, pairs[index].state == .inProgress { pairs[index].state = .failed }
            // Only the nomination itself timing out calls for nominating again.
            if useCandidate, nominatingIndex == index {
                nominatingIndex = nil
                nominateIfPossible()
            }
        case .consent, .gather:
            break
        }
    }

    func handleResponse(_ message: STUNMessage, datagram: Datagram) {
        guard let transaction = transactions[message.transactionID] else { return }
        stats.responsesReceived += 1
        switch transaction.purpose {
        case let .gather(host, server):
            guard datagram.source == server, datagram.destination == host else { return }
            transactions[message.transactionID] = nil
            if message.messageClass == .successResponse, let mapped = message.mappedAddress {
                addServerReflexive(mapped, host: host, server: server)
            }
        case let .check(index, useCandidate, sentRole):
            guard authenticResponse(message) else { return }
            transactions[message.transactionID] = nil
            // RFC 8445 section 7.2.5.2.1: the response must come back over the same pair, reversed.
            guard datagram.source == transaction.datagram.destination, datagram.destination == transaction.datagram.source else {
                pairs[index].state = .failed
                return
            }
            if message.messageClass == .errorResponse {
                checkFailed(index, code: message.errorCode?.code, sentRole: sentRole, useCandidate: useCandidate)
            } else {
                measureRoundTrip(transaction, pair: index)
                if let mapped = message.mappedAddress { learnLocalPeerReflexive(mapped, base: pairs[index].local) }
                checkSucceeded(index, useCandidate: useCandidate)
            }
        case let .consent(index):
            guard authenticResponse(message), message.messageClass == .successResponse,
                  datagram.source == transaction.datagram.destination, datagram.destination == transaction.datagram.source
            else { return }
            transactions[message.transactionID] = nil
            measureRoundTrip(transaction, pair: index)
            if index == selectedIndex { consentGranted() }
        }
    }

    /// Responses to checks are signed with the peer's password (RFC 8445 section 7.2.5.1). An error
    /// response without MESSAGE-INTEGRITY is accepted only for 487, whose sender may not sign it.
    func authenticResponse(_ message: STUNMessage) -> Bool {
        guard let remoteCredentials else { return false }
        if message.hasMessageIntegrity { return message.validatesIntegrity(key: Array(remoteCredentials.pwd.utf8)) }
        return message.messageClass == .errorResponse && message.errorCode?.code == 487
    }

    func measureRoundTrip(_ transaction: IceTransaction, pair index: Int) {
        guard transaction.transmissions == 1, selectedIndex == nil || selectedIndex == index else { return }
        stats.roundTripTime = now - transaction.firstSent
    }

    /// RFC 8445 section 7.2.5.3.1: a mapped address we did not know is a peer-reflexive local
    /// candidate. It is not signalled (the peer learns it from our checks) and we keep sending from
    /// its base, so it only matters for diagnostics.
    func learnLocalPeerReflexive(_ mapped: TransportAddress, base: TransportAddress) {
        guard mapped != base, !localCandidates.contains(where: { $0.address == mapped }),
              let host = host(for: base), localCandidates.count < Self.maxRemoteCandidates else { return }
        localCandidates.append(Candidate(foundation: "p" + host.foundation, priority: host.peerReflexivePriority,
                                         address: mapped, type: .peerReflexive, related: base))
    }

    func checkFailed(_ index: Int, code: Int?, sentRole: IceRole, useCandidate: Bool) {
        if code == 487 {
            // RFC 8445 section 7.2.5.1: switch role (unless we already did) and retry the check.
            if sentRole == role { switchRole(to: role.opposite) }
            pairs[index].state = .waiting
            triggered.append((index, useCandidate && role == .controlling))
            return
        }
        pairs[index].state = .failed
        if nominatingIndex == index {
            nominatingIndex = nil
            nominateIfPossible()
        }
    }

    func checkSucceeded(_ index: Int, useCandidate: Bool) {
        pairs[index].state = .succeeded
        // RFC 8445 section 7.2.5.3.3: success unfreezes the pairs that share the foundation.
        for other in pairs.indices where pairs[other].state == .frozen && pairs[other].foundation == pairs[index].foundation {
            pairs[other].state = .waiting
        }
        if useCandidate, role == .controlling {
            select(index)
        } else if role == .controlling {
            nominateIfPossible()
        } else if pairs[index].nominatedByPeer {
            select(index)
        }
    }

    /// The controlling agent nominates the best valid pair as soon as it has one.
    func nominateIfPossible() {
        guard role == .controlling, !configuration.lite, selectedIndex == nil, nominatingIndex == nil else { return }
        let valid = pairs.indices.filter { pairs[$0].state == .succeeded }
        guard let best = valid.max(by: { pairs[$0].priority(role: role) < pairs[$1].priority(role: role) }) else { return }
        nominatingIndex = best
        triggered.insert((best, true), at: 0)
    }

    func select(_ index: Int) {
        guard selectedIndex != index else { return }
        selectedIndex = index
        nominatingIndex = nil
        triggered.removeAll()
        emit(.selectedPairChanged(local: pairs[index].local, remote: pairs[index].remote))
        lastConsentResponse = now
        consentUnansweredSince = nil
        lastCheckFromPeer = now
        if configuration.lite {
            nextKeepalive = now + configuration.keepaliveInterval
        } else {
            nextConsent = now + consentDelay()
        }
        if connectionState != .completed { setState(.connected) }
        updateHealthyState()
    }

    /// Fails the agent when checking can no longer succeed: the peer has said all its candidates and
    /// every pair failed, or checking has gone on for `checkingTimeout`.
    func checkFailure() {
        guard selectedIndex == nil, connectionState == .checking || connectionState == .new else { return }
        if let checkingStarted, now >= checkingStarted + configuration.checkingTimeout {
            fail()
            return
        }
        guard !configuration.lite, remoteEndOfCandidates, remoteCredentials != nil, triggered.isEmpty,
              !pairs.isEmpty || !remoteCandidates.isEmpty,
              pairs.allSatisfy({ $0.state == .failed }),
              !transactions.values.contains(where: { if case .check = $0.purpose { true } else { false } })
        else { return }
        fail()
    }

    func fail() {
        transactions.removeAll()
        triggered.removeAll()
        pendingGathers.removeAll()
        setState(.failed)
    }
}
