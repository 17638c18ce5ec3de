import RTCBase
import RTCSTUN

// Requests, their retransmission (RFC 8489 section 6.2) and the long-term credential dance
// (section 9.2): unsigned first, then signed with the realm and nonce the 401 gave, re-signed with a
// fresh nonce on 438.
extension TURNClient {
    func startTransaction(_ purpose: TURNTransaction.Purpose, staleNonceRetries: Int = 0) {
        let id = STUNTransactionID.random(using: &random)
        var attributes: [STUNAttribute] = []
        switch purpose {
        case .allocate:
            attributes.append(TURNAttribute.requestedTransport(protocolNumber: TURNAttribute.udpProtocolNumber).stunAttribute(transactionID: id))
            if let seconds = configuration.requestedLifetimeSeconds {
                attributes.append(TURNAttribute.lifetime(seconds: seconds).stunAttribute(transactionID: id))
            }
            if let family = configuration.relayAddressFamily {
                attributes.append(TURNAttribute.requestedAddressFamily(family.rawValue).stunAttribute(transactionID: id))
            }
        case let .refresh(lifetime):
            if let lifetime { attributes.append(TURNAttribute.lifetime(seconds: lifetime).stunAttribute(transactionID: id)) }
        case let .createPermission(peer):
            attributes.append(TURNAttribute.xorPeerAddress(peer).stunAttribute(transactionID: id))
        case let .channelBind(peer, channel):
            attributes.append(TURNAttribute.channelNumber(channel).stunAttribute(transactionID: id))
            attributes.append(TURNAttribute.xorPeerAddress(peer).stunAttribute(transactionID: id))
        }
        if let software = configuration.software { attributes.append(.software(software)) }
        var key: [UInt8]?
        if let integrityKey, let realm, let nonce {
            key = integrityKey
            attributes.append(.username(configuration.username))
            attributes.append(TURNAttribute.realm(realm).stunAttribute(transactionID: id))
            attributes.append(TURNAttribute.nonce(nonce).stunAttribute(transactionID: id))
        }
        let message = STUNMessage(messageClass: .request, method: purpose.method, transactionID: id, attributes: attributes)
        let bytes = message.encoded(integrityKey: key, addFingerprint: true)
        let timeout = configuration.transport.isStream ? configuration.streamTransactionTimeout : configuration.initialRTO
        transactionCount += 1
        transactions[id] = TURNTransaction(purpose: purpose, sequence: transactionCount, bytes: bytes, firstSent: now,
                                           timeout: timeout, deadline: now + timeout, authenticated: key != nil,
                                           staleNonceRetries: staleNonceRetries)
        stats.requestsSent += 1
        transmit(bytes)
    }

    func hasTransaction(where matches: (TURNTransaction.Purpose) -> Bool) -> Bool {
        transactions.values.contains { matches($0.purpose) }
    }

    /// Resends due UDP requests with a doubled timeout; gives up on the ones out of attempts.
    func retransmitOrExpire() {
        let due = transactions.filter { $0.value.deadline <= now }.sorted { $0.value.sequence < $1.value.sequence }
        for (id, var transaction) in due {
            // An earlier expiry in this loop may have ended the allocation and every transaction.
            guard transactions[id] != nil else { continue }
            if !configuration.transport.isStream, transaction.transmissions < configuration.maxTransmissions {
                transaction.transmissions += 1
                transaction.timeout = transaction.transmissions == configuration.maxTransmissions
                    ? configuration.initialRTO * configuration.finalWaitMultiplier
                    : transaction.timeout * 2
                transaction.deadline = now + transaction.timeout
                transactions[id] = transaction
                stats.retransmissions += 1
                transmit(transaction.bytes)
            } else {
                transactions[id] = nil
                let attempts = configuration.transport.isStream ? "" : " (\(transaction.transmissions) attempts)"
                let waited = Double((now - transaction.firstSent).milliseconds / 100).rounded() / 10
                requestFailed(transaction, code: nil,
                              reason: "no answer to \(transaction.purpose.method.turnName) from \(serverDescription) in \(waited) s\(attempts)")
            }
        }
    }

    func handleResponse(_ message: STUNMessage) {
        guard let transaction = transactions[message.transactionID] else {
            stats.unmatchedResponses += 1
            return
        }
        guard message.method == transaction.purpose.method else {
            stats.malformedReceived += 1
            return
        }
        // RFC 8489 section 9.2.5: an answer to a signed request must be signed with the same key.
        // Over UDP a bad one is dropped as if never received (it may be forged; the real one may
        // follow); over a stream it is a failure. 401 and 438 answers cannot be signed by a server
        // that rejects our key or nonce, so only success responses are held to this.
        if message.messageClass == .successResponse, transaction.authenticated, let integrityKey,
           !message.validatesIntegrity(key: integrityKey) {
            stats.integrityFailures += 1
            guard configuration.transport.isStream else { return }
            transactions[message.transactionID] = nil
            requestFailed(transaction, code: nil,
                          reason: "\(serverDescription) answered \(transaction.purpose.method.turnName) without a valid MESSAGE-INTEGRITY")
            return
        }
        transactions[message.transactionID] = nil
        if message.messageClass == .successResponse {
            handleSuccess(message, to: transaction)
        } else {
            handleError(message, to: transaction)
        }
    }

    func handleError(_ message: STUNMessage, to transaction: TURNTransaction) {
        guard let (code, reason) = message.errorCode else {
            requestFailed(transaction, code: nil,
                          reason: "\(serverDescription) refused \(transaction.purpose.method.turnName) without an ERROR-CODE")
            return
        }
        switch code {
        case 401 where !transaction.authenticated:
            guard let realm = message.realm, let nonce = message.nonce else {
                requestFailed(transaction, code: code,
                              reason: "\(serverDescription) answered 401 Unauthorized without REALM and NONCE, so it cannot be signed in to")
                return
            }
            if let expected = configuration.realm, expected != realm {
                fail(.auth, "\(serverDescription) announces realm \"\(realm)\", not the expected \"\(expected)\"")
                return
            }
            learn(realm: realm, nonce: nonce)
            startTransaction(transaction.purpose)
        case 438 where transaction.staleNonceRetries < configuration.maxStaleNonceRetries:
            // RFC 8489 section 9.2.5: the nonce expired; the answer carries a fresh one to retry with.
            guard let nonce = message.nonce, let realm = message.realm ?? self.realm else {
                requestFailed(transaction, code: code, reason: "\(serverDescription) answered 438 Stale Nonce without a new NONCE")
                return
            }
            learn(realm: realm, nonce: nonce)
            startTransaction(transaction.purpose, staleNonceRetries: transaction.staleNonceRetries + 1)
        default:
            let explanation = TURNErrorExplanation.sentence(code: code, reason: reason, method: transaction.purpose.method,
                                                            peer: transaction.purpose.peer, alternateServer: message.alternateServer)
            requestFailed(transaction, code: code, reason: "\(serverDescription) refused \(transaction.purpose.method.turnName): \(explanation)")
        }
    }

    private func learn(realm: String, nonce: String) {
        if realm != self.realm || integrityKey == nil {
            integrityKey = configuration.credential.key(realm: realm)
        }
        self.realm = realm
        self.nonce = nonce
    }

    func handleSuccess(_ message: STUNMessage, to transaction: TURNTransaction) {
        switch transaction.purpose {
        case .allocate:
            guard state == .allocating else { return }
            guard let relayed = message.xorRelayedAddress else {
                fail(.allocate, "\(serverDescription) accepted Allocate but sent no XOR-RELAYED-ADDRESS")
                return
            }
            relayedAddress = relayed
            mappedAddress = message.mappedAddress
            state = .allocated
            allocationTime = startedAt.map { now - $0 }
            scheduleAllocationRefresh(lifetimeSeconds: message.lifetime ?? 600)
            emit(.allocated(relayed: relayed, mapped: mappedAddress))
            requestWaitingPeers()
        case .refresh(lifetime: 0):
            finishClose()
        case .refresh:
            guard state == .allocated else { return }
            let seconds = message.lifetime ?? configuration.requestedLifetimeSeconds ?? 600
            guard seconds > 0 else {
                fail(.refresh, "\(serverDescription) answered Refresh with a lifetime of 0: the allocation is gone")
                return
            }
            scheduleAllocationRefresh(lifetimeSeconds: seconds)
            emit(.refreshed(lifetime: .seconds(seconds)))
        case let .createPermission(peer):
            permissionInstalled(for: peer.ip)
        case let .channelBind(peer, channel):
            channelBound(peer: peer, channel: channel)
        }
    }

    /// Routes a failed request to the failure it means: the allocation's end, or one peer's.
    func requestFailed(_ transaction: TURNTransaction, code: Int?, reason: String) {
        let authFailure = code == 401 || code == 441
        switch transaction.purpose {
        case .allocate:
            fail(authFailure ? .auth : .allocate, reason)
        case .refresh(lifetime: 0):
            // The release was refused or unanswered; the server frees the allocation when it expires.
            finishClose()
        case .refresh:
            fail(authFailure ? .auth : .refresh, reason)
        case let .createPermission(peer):
            if authFailure { fail(.auth, reason) } else { permissionFailed(for: peer.ip, reason: reason) }
        case let .channelBind(peer, _):
            if authFailure { fail(.auth, reason) } else { channelFailed(peer: peer, reason: reason) }
        }
    }

    func scheduleAllocationRefresh(lifetimeSeconds: UInt32) {
        lifetime = .seconds(lifetimeSeconds)
        allocationRefreshAt = now + .seconds(Double(lifetimeSeconds) * configuration.refreshFraction)
    }

    func refreshDueAllocation() {
        guard let due = allocationRefreshAt, due <= now,
              !hasTransaction(where: { if case .refresh = $0 { true } else { false } })
        else { return }
        allocationRefreshAt = nil
        startTransaction(.refresh(lifetime: configuration.requestedLifetimeSeconds))
    }
}

extension TURNTransaction.Purpose {
    var peer: TransportAddress? {
        switch self {
        case .allocate, .refresh: nil
        case let .createPermission(peer), let .channelBind(peer, _): peer
        }
    }
}
