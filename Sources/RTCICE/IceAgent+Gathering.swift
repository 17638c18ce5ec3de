import RTCBase

// Server-reflexive candidates from STUN Binding requests (RFC 8445 section 5.1.1.2).
extension IceAgent {
    /// Adds STUN servers at any time (a Kaamos server names them in `joined`, after the offer went
    /// out): every host socket of the same family asks each new one for its reflexive address.
    public func addStunServers(_ servers: [TransportAddress]) {
        guard isRunning, !configuration.lite, !configuration.relayOnly else { return }
        let added = servers.filter { !stunServers.contains($0) }
        guard !added.isEmpty else { return }
        stunServers += added
        for host in hosts where host.type == .host {
            for server in added where server.isIPv4 == host.address.isIPv4 {
                pendingGathers.append((host.address, server))
            }
        }
        guard !pendingGathers.isEmpty else { return }
        gatheringComplete = false
        gatheringCompletePending = true
    }

    /// A server-reflexive address learned some other way than from a STUN server: a TURN server's
    /// XOR-MAPPED-ADDRESS for an allocation made from this host socket.
    public func addServerReflexive(_ mapped: TransportAddress, base: TransportAddress) {
        guard isRunning, !configuration.lite, !configuration.relayOnly else { return }
        addServerReflexive(mapped, host: base, server: mapped)
    }

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
