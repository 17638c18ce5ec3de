import RTCBase
import RTCICE
import RTCTURN

// Relayed candidates through TURN servers (RFC 8656, RFC 8445 section 5.1.1.2). ICE sees the relayed
// address as one of its bases; this layer carries what ICE, DTLS and SRTP send from it through the
// TURN client, and hands what the server relays back to the connection as if it arrived there.
extension PeerConnection {
    /// Adds TURN servers at any time (the Kaamos server names them in `joined`); each gets an
    /// allocation, and its relayed candidate trickles out when the server grants it. A UDP server is
    /// reached from a local socket of the same address family; a TCP or TLS one waits for the
    /// driver's stream to it (`attachRelayLink(to:local:now:)` or `relayLinkFailed(to:reason:now:)`),
    /// and ICE counts it as a candidate being gathered meanwhile.
    public func addRelayServers(_ servers: [RelayServer], now: Instant) {
        for server in servers where !relayServers.contains(server) { relayServers.append(server) }
        startRelayAllocations(now: now)
    }

    /// The driver connected a stream to a TCP or TLS server given to `addRelayServers`: `local` is
    /// its local end, its remote end `server.address`. What the allocation sends goes out as
    /// transmits from `local` to the server; the driver hands back the stream's bytes as datagrams
    /// the other way, in any split.
    public func attachRelayLink(to server: RelayServer, local: TransportAddress, now: Instant) {
        relayClock = max(relayClock, now)
        guard let allocation = relayAllocations.first(where: { $0.server == server && $0.awaitsLink }),
              connectionState != .closed else { return }
        allocation.linked(from: local)
        allocation.client.start(now: now)
        pumpRelay(allocation, now: now)
        pumpICE(now: now)
    }

    /// The driver could not connect to a TCP or TLS server, or the stream to it ended: its
    /// allocation fails with `reason` (one sentence, emitted as a `.failure`), and ICE goes on
    /// without its candidate.
    public func relayLinkFailed(to server: RelayServer, reason: String, now: Instant) {
        relayClock = max(relayClock, now)
        guard let allocation = relayAllocations.first(where: { $0.server == server && !$0.failed }) else { return }
        failAllocation(allocation, reason: reason, now: now)
    }

    /// The driver's stream to a TCP or TLS server ended: its allocation fails.
    public func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant) {
        guard let allocation = relayAllocations.first(where: { $0.base == local && $0.server.address == remote && $0.server.transport.isStream })
        else { return }
        relayLinkFailed(to: allocation.server, reason: "the \(allocation.server.transport.rawValue) connection to the TURN server \(remote) ended: \(reason)", now: now)
    }

    /// Starts an allocation for every server that has none yet and has a socket to talk from: one of
    /// the same family, on loopback only when the server is. Stream servers wait for their link.
    func startRelayAllocations(now: Instant) {
        guard connectionState != .closed, !configuration.iceLite else { return }
        for server in relayServers where !relayAllocations.contains(where: { $0.server == server }) {
            if server.transport.isStream {
                let allocation = RelayAllocation(server: server, base: nil, seed: configuration.seed == nil ? nil : random.next())
                relayAllocations.append(allocation)
                ice?.relayGatheringStarted()
                continue
            }
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
                report(relayed, mapped: allocation.client.mappedAddress, of: allocation, to: ice)
            } else if !allocation.failed {
                ice.relayGatheringStarted()
            }
        }
    }

    /// Gives ICE the relayed candidate and, over UDP, the server-reflexive one: the TURN server saw
    /// the media socket itself, so its XOR-MAPPED-ADDRESS is that socket's public address.
    private func report(_ relayed: TransportAddress, mapped: TransportAddress?, of allocation: RelayAllocation, to ice: IceAgent) {
        allocation.reportedToICE = true
        ice.addLocalRelay(relayed, relatedAddress: mapped)
        if allocation.server.transport == .udp, let mapped, let base = allocation.base {
            ice.addServerReflexive(mapped, base: base)
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
        guard !allocation.failed else { return }
        let now = relayClock
        allocation.client.send(datagram.payload, to: datagram.destination, now: now)
        pumpRelay(allocation, now: now)
    }

    /// Binds a channel when ICE settles on a relayed pair: ChannelData costs 4 bytes a packet where
    /// a Send indication costs 36 and more.
    func bindChannelIfRelayed(local: TransportAddress, remote: TransportAddress, now: Instant) {
        guard let allocation = relayAllocations.first(where: { $0.relayed == local }), !allocation.failed else { return }
        allocation.client.bindChannel(to: remote, now: now)
        pumpRelay(allocation, now: now)
    }

    var nextRelayTimeout: Instant? {
        relayAllocations.lazy.filter { !$0.failed }.compactMap { $0.client.nextTimeout() }.min()
    }

    func handleRelayTimeouts(now: Instant) {
        for allocation in relayAllocations where !allocation.failed {
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
                // A client only sends once started, and a stream server's only once its link is there.
                guard let base = allocation.base else { continue }
                outputs.append(.transmit(Datagram(source: base, destination: allocation.server.address, payload: bytes)))
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
                report(relayed, mapped: mapped, of: allocation, to: ice)
                pumpICE(now: now)
            }
        case let .data(peer, payload):
            guard let relayed = allocation.relayed else { return }
            handleDatagram(Datagram(source: peer, destination: relayed, payload: payload), now: now)
        case let .failed(step, reason):
            if step.endsAllocation {
                failAllocation(allocation, reason: reason, now: now)
            } else {
                emit(.failure(reason))
            }
        case .refreshed, .permissionCreated, .channelBound, .closed:
            break
        }
    }

    /// Ends an allocation for good: ICE hears of it once, timers stop, what ICE still sends from its
    /// relayed address is dropped, and `reason` is emitted as a `.failure`.
    private func failAllocation(_ allocation: RelayAllocation, reason: String, now: Instant) {
        guard !allocation.failed else { return }
        allocation.failed = true
        if let ice, !allocation.reportedToICE {
            allocation.reportedToICE = true
            ice.relayGatheringFailed()
            pumpICE(now: now)
        }
        emit(.failure(reason))
    }
}
