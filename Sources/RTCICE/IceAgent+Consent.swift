import RTCBase
import RTCSTUN

// Consent freshness on the selected pair (RFC 7675) and the disconnected/failed states it drives.
extension IceAgent {
    /// RFC 7675 section 5.1: the interval is drawn uniformly from [0.8, 1.2] times the mean, so that
    /// many agents started together do not send in lockstep.
    func consentDelay() -> Duration {
        configuration.consentInterval * (0.8 + 0.4 * random.unit())
    }

    var livenessDeadline: Instant? {
        guard selectedIndex != nil else { return nil }
        if configuration.lite {
            guard let last = lastCheckFromPeer else { return nil }
            let disconnect = connectionState == .disconnected ? nil : last + configuration.liteDisconnectedTimeout
            return earliest(disconnect, last + configuration.consentTimeout, nextKeepalive)
        }
        let disconnect = connectionState == .disconnected ? nil : consentUnansweredSince.map { $0 + configuration.disconnectedTimeout }
        return earliest(nextConsent, disconnect, lastConsentResponse.map { $0 + configuration.consentTimeout })
    }

    func checkLiveness() {
        guard let index = selectedIndex else { return }
        if configuration.lite {
            guard let last = lastCheckFromPeer else { return }
            if now >= last + configuration.consentTimeout {
                fail()
                return
            } else if now >= last + configuration.liteDisconnectedTimeout {
                setState(.disconnected)
            }
            if let next = nextKeepalive, now >= next {
                sendKeepalive(pair: index)
                nextKeepalive = now + configuration.keepaliveInterval
            }
            return
        }
        if let last = lastConsentResponse, now >= last + configuration.consentTimeout {
            // RFC 7675 section 5.1: consent expired; stop sending on the pair.
            fail()
            return
        }
        if let since = consentUnansweredSince, now >= since + configuration.disconnectedTimeout {
            setState(.disconnected)
        }
        if let next = nextConsent, now >= next {
            sendConsentCheck(pair: index)
            nextConsent = now + consentDelay()
        }
    }

    func sendConsentCheck(pair index: Int) {
        guard let remoteCredentials, let host = host(for: pairs[index].local) else { return }
        // An ordinary ICE check, so that any ICE agent answers it (RFC 7675 section 5.1).
        let attributes: [STUNAttribute] = [
            .username(remoteCredentials.ufrag + ":" + configuration.localCredentials.ufrag),
            .priority(host.peerReflexivePriority),
            role == .controlling ? .iceControlling(tieBreaker: configuration.tieBreaker)
                                 : .iceControlled(tieBreaker: configuration.tieBreaker),
        ]
        startTransaction(.consent(pair: index), attributes: attributes, key: Array(remoteCredentials.pwd.utf8),
                         from: pairs[index].local, to: pairs[index].remote,
                         maxTransmissions: configuration.maxCheckTransmissions)
        if consentUnansweredSince == nil { consentUnansweredSince = now }
    }

    /// RFC 8445 section 11: a Binding indication, which needs no answer and no credentials.
    func sendKeepalive(pair index: Int) {
        let id = STUNTransactionID(high: UInt32(truncatingIfNeeded: random.next()), low: random.next())
        let indication = STUNMessage(messageClass: .indication, transactionID: id)
        transmit(Datagram(source: pairs[index].local, destination: pairs[index].remote,
                          payload: indication.encoded(integrityKey: nil, addFingerprint: true)))
    }

    func consentGranted() {
        lastConsentResponse = now
        consentUnansweredSince = nil
        if connectionState == .disconnected {
            setState(.connected)
            updateHealthyState()
        }
    }
}
