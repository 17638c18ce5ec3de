import RTCBase
import RTCSTUN

/// A sans-IO ICE agent (RFC 8445), full or lite, with consent freshness (RFC 7675).
///
/// The owner binds one UDP socket per usable interface address and calls `addLocalHost(_:)` for
/// each; it feeds STUN datagrams to `handleDatagram(_:now:)`, calls `handleTimeout(now:)` when
/// `nextTimeout()` passes, and drains `pollOutput()` after every call. The agent never reads a clock
/// and never touches a socket. Not thread-safe by design: one driver owns it.
///
/// Nomination is regular (RFC 8445 section 8.1.1), done promptly: the controlling agent nominates the
/// first pair that becomes valid with a USE-CANDIDATE check sent in the next pacing slot. Aggressive
/// nomination was removed from RFC 8445 and makes both sides guess which of several nominated pairs
/// wins; prompt regular nomination costs one extra round trip (about Ta on a LAN) and has no such race.
public final class IceAgent {
    public let configuration: Configuration
    public internal(set) var role: IceRole
    public internal(set) var connectionState: IceConnectionState = .new
    public internal(set) var stats = IceStats()

    /// The pair media should use: the local socket address and the peer's address. A link-local IPv6
    /// peer address carries no zone; send it with the zone of the local socket.
    public var selectedPair: (local: TransportAddress, remote: TransportAddress)? {
        selectedIndex.map { (pairs[$0].local, pairs[$0].remote) }
    }

    // Local candidates: the bound sockets, the relayed addresses allocated on TURN servers (their
    // own base, RFC 8445 section 5.1.1.2), and what was learned about them.
    struct Host {
        let address: TransportAddress
        let localPreference: UInt16
        let foundation: String
        var type: CandidateType = .host
        var priority: UInt32 { Candidate.priority(type: type, localPreference: localPreference) }
        /// The priority a peer-reflexive candidate learned from this base would get (RFC 8445 7.1.1).
        var peerReflexivePriority: UInt32 { Candidate.priority(type: .peerReflexive, localPreference: localPreference) }
    }
    var hosts: [Host] = []
    var localCandidates: [Candidate] = []
    var pendingGathers: [(host: TransportAddress, server: TransportAddress)] = []
    /// The configuration's STUN servers and those added since.
    var stunServers: [TransportAddress]
    var gatheringCompletePending = false
    var gatheringComplete = false
    /// TURN allocations the owner has started and not yet reported (RFC 8445 section 5.1.1.2).
    var relayGathersInFlight = 0

    // The peer.
    var remoteCredentials: IceCredentials?
    var remoteCandidates: [TransportAddress: Candidate] = [:]
    var remoteIsLite = false
    var remoteEndOfCandidates = false
    var peerReflexiveCount = 0

    // The checklist.
    var pairs: [CandidatePair] = []
    var pairIndex: [PairKey: Int] = [:]
    var triggered: [(pair: Int, useCandidate: Bool)] = []
    var nominatingIndex: Int?
    var selectedIndex: Int?
    var transactions: [STUNTransactionID: IceTransaction] = [:]
    var transactionCount = 0
    var lastPacedSend: Instant?
    var checkingStarted: Instant?
    /// Bounds on what a peer can make us remember; a real peer signals a handful of candidates.
    static let maxPairs = 100
    static let maxRemoteCandidates = 200

    // Liveness of the selected pair.
    var nextConsent: Instant?
    var lastConsentResponse: Instant?
    var consentUnansweredSince: Instant?
    var lastCheckFromPeer: Instant?
    var nextKeepalive: Instant?

    var now: Instant = .zero
    var random: EngineRandom
    var outputs = OutputQueue<IceOutput>()

    struct PairKey: Hashable {
        let local: TransportAddress
        let remote: TransportAddress
    }

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.role = configuration.lite ? .controlled : configuration.role
        self.random = EngineRandom(seed: configuration.randomSeed)
        self.stunServers = configuration.stunServers
    }

    // MARK: - Local side

    /// Adds the address of a bound UDP socket: emits its host candidate and, for a full agent with
    /// STUN servers, starts gathering its server-reflexive candidate.
    /// With `relayOnly` the socket only carries TURN traffic: no candidate, no checks from it.
    public func addLocalHost(_ address: TransportAddress) {
        guard isRunning, !configuration.relayOnly, !hosts.contains(where: { $0.address == address }) else { return }
        // RFC 8421: prefer IPv6 over IPv4; earlier interfaces over later ones.
        let preference = UInt16(clamping: (address.isIPv4 ? 32767 : 65535) - hosts.count)
        let host = Host(address: address, localPreference: preference, foundation: String(hosts.count + 1))
        hosts.append(host)
        let candidate = Candidate(foundation: host.foundation, priority: host.priority, address: address, type: .host)
        localCandidates.append(candidate)
        emit(.localCandidate(candidate))
        if !configuration.lite {
            for server in stunServers where server.isIPv4 == address.isIPv4 {
                pendingGathers.append((address, server))
            }
        }
        gatheringComplete = false
        gatheringCompletePending = true
        // Sorted so that pair order, and so check order, does not depend on dictionary order.
        let known = remoteCandidates.values.sorted { ($0.priority, $1.attributeValue) > ($1.priority, $0.attributeValue) }
        for remote in known {
            if let remoteAddress = remote.address { addPair(host: host, remote: remoteAddress, remoteCandidate: remote) }
        }
    }

    /// Says a TURN allocation has started, so gathering is not complete until it is reported with
    /// `addLocalRelay(_:relatedAddress:)` or `relayGatheringFailed()`.
    public func relayGatheringStarted() {
        guard isRunning else { return }
        relayGathersInFlight += 1
        gatheringComplete = false
        gatheringCompletePending = true
    }

    /// A TURN allocation failed; gathering may complete without it.
    public func relayGatheringFailed() {
        relayGathersInFlight = max(0, relayGathersInFlight - 1)
    }

    /// Adds a relayed candidate: the address a TURN server allocated for us. The owner sends what
    /// the agent transmits from this address through the TURN server, and hands the agent what the
    /// server relays as datagrams addressed to it.
    /// - Parameter relatedAddress: our server-reflexive address as the TURN server saw it.
    public func addLocalRelay(_ relayed: TransportAddress, relatedAddress: TransportAddress?) {
        relayGathersInFlight = max(0, relayGathersInFlight - 1)
        guard isRunning, !configuration.lite, !hosts.contains(where: { $0.address == relayed }) else { return }
        let relayCount = hosts.count(where: { $0.type == .relayed })
        let preference = UInt16(clamping: (relayed.isIPv4 ? 32767 : 65535) - relayCount)
        let host = Host(address: relayed, localPreference: preference, foundation: "r" + String(relayCount + 1), type: .relayed)
        hosts.append(host)
        let candidate = Candidate(foundation: host.foundation, priority: host.priority, address: relayed,
                                  type: .relayed, related: relatedAddress)
        localCandidates.append(candidate)
        emit(.localCandidate(candidate))
        gatheringCompletePending = true
        let known = remoteCandidates.values.sorted { ($0.priority, $1.attributeValue) > ($1.priority, $0.attributeValue) }
        for remote in known {
            if let remoteAddress = remote.address { addPair(host: host, remote: remoteAddress, remoteCandidate: remote) }
        }
    }

    // MARK: - Remote side

    public func setRemoteCredentials(_ credentials: IceCredentials) {
        remoteCredentials = credentials
    }

    /// Adds a trickled remote candidate at any time. Returns false, without error, for candidates the
    /// agent cannot use: mDNS hostnames (we cannot resolve them), TCP or unknown transports, and
    /// components other than 1 (we always bundle and multiplex RTCP).
    @discardableResult
    public func addRemoteCandidate(_ candidate: Candidate) -> Bool {
        guard isRunning, candidate.isUDP, candidate.component == 1, let address = candidate.address else { return false }
        if let known = remoteCandidates[address] {
            // A signalled candidate replaces a peer-reflexive one learned from a check (RFC 8838 11.4).
            guard known.type == .peerReflexive, candidate.type != .peerReflexive else { return true }
            remoteCandidates[address] = candidate
            for index in pairs.indices where pairs[index].remote == address {
                pairs[index].remotePriority = candidate.priority
            }
            return true
        }
        guard remoteCandidates.count < Self.maxRemoteCandidates else { return false }
        remoteCandidates[address] = candidate
        for host in hosts { addPair(host: host, remote: address, remoteCandidate: candidate) }
        return true
    }

    public func setRemoteEndOfCandidates() {
        remoteEndOfCandidates = true
        updateHealthyState()
    }

    /// A full agent facing a lite peer must be controlling (RFC 8445 section 6.1.1).
    public func setRemoteIsLite(_ isLite: Bool) {
        remoteIsLite = isLite
        if isLite, !configuration.lite, role == .controlled { switchRole(to: .controlling) }
    }

    /// Stops everything: no more datagrams, only the `.closed` state change.
    public func close() {
        guard connectionState != .closed else { return }
        transactions.removeAll()
        triggered.removeAll()
        pendingGathers.removeAll()
        outputs.removeAll()
        setState(.closed)
    }

    // MARK: - Driving

    public func pollOutput() -> IceOutput? {
        outputs.take()
    }

    /// When `handleTimeout(now:)` should next be called; nil when nothing is scheduled.
    public func nextTimeout() -> Instant? {
        guard isRunning else { return nil }
        var deadline = transactions.values.map(\.deadline).min()
        if hasPacedWork {
            deadline = earliest(deadline, lastPacedSend.map { $0 + configuration.pacing } ?? now)
        }
        if gatheringCompletePending, pendingGathers.isEmpty, !hasGatherInFlight, relayGathersInFlight == 0 {
            deadline = earliest(deadline, now)
        }
        if selectedIndex == nil, let checkingStarted {
            deadline = earliest(deadline, checkingStarted + configuration.checkingTimeout)
        }
        return earliest(deadline, livenessDeadline)
    }

    public func handleTimeout(now: Instant) {
        guard isRunning else { return }
        advance(to: now)
        retransmitOrExpire()
        sendPacedRequest()
        finishGatheringIfDone()
        checkLiveness()
        checkFailure()
    }

    /// Handles one STUN datagram that arrived on the socket bound to its destination address.
    /// The caller demultiplexes: DTLS, RTP and RTCP never come here.
    public func handleDatagram(_ incoming: Datagram, now: Instant) {
        guard isRunning else { return }
        // Remote addresses are kept as SDP gives them, without an IPv6 zone; the zone of a link-local
        // peer is the zone of our socket, which the driver applies when sending.
        var datagram = incoming
        if case let .v6(bytes, scope) = datagram.source.ip, scope != 0 { datagram.source.ip = .v6(bytes, scope: 0) }
        advance(to: now)
        guard let message = try? STUNMessage(bytes: datagram.payload) else {
            stats.malformedReceived += 1
            return
        }
        // RFC 8445 section 7.2.2 asks for FINGERPRINT; when present it must be right.
        if message.hasFingerprint, !message.validatesFingerprint() { return }
        switch message.messageClass {
        case .request: handleRequest(message, datagram: datagram)
        case .successResponse, .errorResponse: handleResponse(message, datagram: datagram)
        case .indication: break
        }
    }

    // MARK: - Shared helpers

    var isRunning: Bool { connectionState != .closed && connectionState != .failed }

    func advance(to instant: Instant) {
        if instant > now { now = instant }
    }

    func emit(_ event: IceEvent) { outputs.append(.event(event)) }

    func transmit(_ datagram: Datagram) { outputs.append(.transmit(datagram)) }

    func setState(_ state: IceConnectionState) {
        guard state != connectionState else { return }
        connectionState = state
        emit(.connectionStateChanged(state))
    }

    /// Connected, or completed once both sides have said all their candidates (W3C semantics).
    func updateHealthyState() {
        guard selectedIndex != nil, connectionState == .connected || connectionState == .completed else { return }
        setState(gatheringComplete && remoteEndOfCandidates ? .completed : .connected)
    }

    func switchRole(to newRole: IceRole) {
        guard newRole != role, !configuration.lite else { return }
        role = newRole
        nominatingIndex = nil
        if role == .controlling, selectedIndex == nil { nominateIfPossible() }
    }

    /// - Parameter reachable: a request already arrived on this pair, so it works whatever the
    ///   addresses suggest (a peer on this host may check our loopback candidate from its global one).
    func addPair(host: Host, remote: TransportAddress, remoteCandidate: Candidate, reachable: Bool = false) {
        let local = host.address
        // RFC 8445 section 6.1.2.2: same address family; and a pair whose ends cannot reach each
        // other (loopback to non-loopback, link-local to global) is not worth a check.
        guard local.isIPv4 == remote.isIPv4,
              reachable || (local.ip.isLoopback == remote.ip.isLoopback && local.ip.isLinkLocal == remote.ip.isLinkLocal)
        else { return }
        let key = PairKey(local: local, remote: remote)
        guard pairIndex[key] == nil, pairs.count < Self.maxPairs else { return }
        let foundation = host.foundation + ":" + remoteCandidate.foundation
        // RFC 8445 section 6.1.2.6, simplified for one component: a pair starts Waiting unless a pair
        // with the same foundation is already being checked, whose result will unfreeze it.
        let busy = pairs.contains { $0.foundation == foundation && ($0.state == .waiting || $0.state == .inProgress) }
        let pair = CandidatePair(local: local, remote: remote, localPriority: host.priority,
                                 remotePriority: remoteCandidate.priority, foundation: foundation,
                                 state: busy ? .frozen : .waiting)
        pairIndex[key] = pairs.count
        pairs.append(pair)
    }

    func host(for address: TransportAddress) -> Host? { hosts.first { $0.address == address } }
}
