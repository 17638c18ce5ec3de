import RTCBase
import RTCICE
import RTCTURN

// Relayed candidates through TURN servers (RFC 8656, RFC 8445 section 5.1.1.2). ICE sees the relayed
// address as one of its bases; this layer carries what ICE, DTLS and SRTP send from it through the
// TURN client, and hands what the server relays back to the connection as if it arrived there.
extension PeerConnection {
    /// Adds TURN servers at any time (the Kaamos server names them in `joined`); each gets an
    /// allocation from a local socket of the same address family, and its relayed candidate trickles
    /// out when the server grants it.
    public func addRelayServers(_ servers: [RelayServer], now: Instant) {
        for server in servers where !relayServers.contains(server) { relayServers.append(server) }
        startRelayAllocations(now: now)
    }

    /// Starts an allocation for every server that has none yet and has a socket to talk from: one of
    /// the same family, on loopback only when the server is.
    func startRelayAllocations(now: Instant) {
        guard connectionState != .closed, !configuration.iceLite else { return }
        for server in relayServers where !relayAllocations.contains(where: { $0.server == server }) {
            let candidates = localHosts.filter { $0.isIPv4 == server.address.isIPv4 }
            guard let base = candidates.first(where: { $0.ip.isLoopback == server.address.ip.isLoopback }) ?? candidates.first
            else { continue }
            let allocation = RelayAllocation(server: server, base: base, seed: configuration.seed == nil ? nil : random.next())
            relayAllocations.append(allocation)
            ice?.relayGatheringStarted()
            allocation.client.start(now: now)
            pumpRelay(allocation, now: now)
        }
        pumpICE(now: now)
    }

    /// Tells a new ICE agent about allocations made before it existed.
    func announceRelaysToICE() {
        guard let ice else { return }
        for allocation in relayAllocations {
            if let relayed = allocation.relayed {
                ice.addLocalRelay(relayed, relatedAddress: allocation.client.mappedAddress)
                allocation.reportedToICE = true
            } else if !allocation.failed {
                ice.relayGatheringStarted()
            }
        }
    }

    /// Consumes a datagram from a TURN server; false when it is not one.
    func handleRelayDatagram(_ datagram: Datagram, now: Instant) -> Bool {
        guard let allocation = relayAllocations.first(where: { $0.owns(datagram) }) else { return false }
        allocation.client.handleIncoming(datagram.payload, now: now)
        pumpRelay(allocation, now: now)
        return true
    }

    /// Sends a datagram: through its TURN allocation when its source is a relayed address.
    func route(_ datagram: Datagram) {
        guard !relayAllocations.isEmpty,
              let allocation = relayAllocations.first(where: { $0.relayed == datagram.source }) else {
            outputs.append(.transmit(datagram))
            return
        }
        let now = relayClock
        allocation.client.send(datagram.payload, to: datagram.destination, now: now)
        pumpRelay(allocation, now: now)
    }

    /// Binds a channel when ICE settles on a relayed pair: ChannelData costs 4 bytes a packet where
    /// a Send indication costs 36 and more.
    func bindChannelIfRelayed(local: TransportAddress, remote: TransportAddress, now: Instant) {
        guard let allocation = relayAllocations.first(where: { $0.relayed == local }) else { return }
        allocation.client.bindChannel(to: remote, now: now)
        pumpRelay(allocation, now: now)
    }

    var nextRelayTimeout: Instant? {
        relayAllocations.compactMap { $0.client.nextTimeout() }.min()
    }

    func handleRelayTimeouts(now: Instant) {
        for allocation in relayAllocations {
            if let due = allocation.client.nextTimeout(), due <= now {
                allocation.client.handleTimeout(now: now)
                pumpRelay(allocation, now: now)
            }
        }
    }

    func closeRelays(now: Instant) {
        for allocation in relayAllocations {
            allocation.client.close(now: now)
            pumpRelay(allocation, now: now)
        }
    }

    func pumpRelay(_ allocation: RelayAllocation, now: Instant) {
        while let output = allocation.client.pollOutput() {
            switch output {
            case let .send(bytes):
                outputs.append(.transmit(Datagram(source: allocation.base, destination: allocation.server.address, payload: bytes)))
            case let .event(event):
                handleRelayEvent(event, of: allocation, now: now)
            }
        }
    }

    private func handleRelayEvent(_ event: TURNEvent, of allocation: RelayAllocation, now: Instant) {
        switch event {
        case let .allocated(relayed, mapped):
            allocation.allocated(relayed)
            if let ice, !allocation.reportedToICE {
                allocation.reportedToICE = true
                ice.addLocalRelay(relayed, relatedAddress: mapped)
                pumpICE(now: now)
            }
        case let .data(peer, payload):
            guard let relayed = allocation.relayed else { return }
            handleDatagram(Datagram(source: peer, destination: relayed, payload: payload), now: now)
        case let .failed(step, reason):
            if step.endsAllocation, !allocation.failed {
                allocation.failed = true
                if let ice, !allocation.reportedToICE {
                    allocation.reportedToICE = true
                    ice.relayGatheringFailed()
                    pumpICE(now: now)
                }
            }
            emit(.failure(reason))
        case .refreshed, .permissionCreated, .channelBound, .closed:
            break
        }
    }
}
