import RTCBase

// Server-reflexive candidates from STUN Binding requests (RFC 8445 section 5.1.1.2).
extension IceAgent {
    func sendGatherRequest(from host: TransportAddress, to server: TransportAddress) {
        // No credentials: public STUN servers answer anyone. FINGERPRINT helps them demultiplex.
        startTransaction(.gather(host: host, server: server), attributes: [], key: nil, from: host, to: server,
                         maxTransmissions: configuration.maxGatherTransmissions)
        lastPacedSend = now
    }

    func addServerReflexive(_ mapped: TransportAddress, host address: TransportAddress, server: TransportAddress) {
        // RFC 8445 section 5.1.3: a reflexive address equal to a host address is redundant.
        guard let host = host(for: address), !hosts.contains(where: { $0.address == mapped }),
              !localCandidates.contains(where: { $0.address == mapped }) else { return }
        let priority = Candidate.priority(type: .serverReflexive, localPreference: host.localPreference)
        // Same type, base and server give the same foundation (section 5.1.1.3).
        let candidate = Candidate(foundation: "s" + host.foundation, priority: priority, address: mapped,
                                  type: .serverReflexive, related: address)
        localCandidates.append(candidate)
        emit(.localCandidate(candidate))
    }

    func finishGatheringIfDone() {
        guard gatheringCompletePending, pendingGathers.isEmpty, !hasGatherInFlight, relayGathersInFlight == 0 else { return }
        gatheringCompletePending = false
        gatheringComplete = true
        emit(.gatheringComplete)
        // With the relay policy and every allocation failed there is nothing to check from: say so
        // now rather than after the checking timeout.
        if configuration.relayOnly, hosts.isEmpty {
            setState(.failed)
            return
        }
        updateHealthyState()
    }
}
