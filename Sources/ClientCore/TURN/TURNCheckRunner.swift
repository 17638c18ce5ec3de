import Glibc
import RTCBase
import RTCNetwork
import RTCTURN

/// The I/O of one `turn-check`: owns the connection to the server, the peer socket and the clock,
/// and drives the sans-IO `TURNClient` step by step.
final class TURNCheckRunner {
    private let options: TURNCheck.Options
    private var report: TURNCheckReport
    private var step = TURNCheckStep.resolve
    private var connection: ServerConnection?
    private var client: TURNClient?
    private var peer: UDPSocket?
    private var peerBuffer = [UInt8](repeating: 0, count: 65_536)

    // What the client has told so far.
    private var relayed: TransportAddress?
    private var permissionsCreated: Set<TransportAddress.IP> = []
    private var permissionFailures: [String] = []
    private var channelBound = false
    private var closed = false
    /// The peer socket's address as the relay sees it, learned from its hello.
    private var peerAsRelayed: TransportAddress?
    private let hello: [UInt8]

    // Probe packets in flight: when each was sent, and the round trips of those that came back.
    private var sentAt: [UInt32: Instant] = [:]
    private var roundTrips: [UInt32: Double] = [:]

    private static let magic: [UInt8] = Array("KTCK".utf8)

    init(options: TURNCheck.Options) {
        self.options = options
        report = TURNCheckReport(server: options.server.description, transport: options.transport.rawValue)
        var random = SystemRandomNumberGenerator()
        hello = Self.magic + [0xFF] + (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    func run() -> TURNCheckReport {
        do {
            let address = try resolve()
            try connect(to: address)
            try allocate(server: address)
            try createPermissions()
            try learnPeerAddress()
            report.send_indication = try measurePath(tag: 1)
            try bindChannel()
            report.channel_data = try measurePath(tag: 2)
            try checkEchoes()
            report.ok = true
        } catch let failure as TURNCheckFailure {
            report.failed_step = failure.step.rawValue
            report.errors.append("\(failure.step.rawValue): \(failure.reason)")
        } catch {
            report.failed_step = step.rawValue
            report.errors.append("\(step.rawValue): \(error)")
        }
        summarizeEchoes()
        release()
        return report
    }

    // MARK: - Steps

    private func resolve() throws -> TransportAddress {
        step = .resolve
        let address: TransportAddress
        do {
            address = try HostResolver.resolve(options.server.host, port: options.server.port)[0]
        } catch {
            throw TURNCheckFailure(step: .resolve, reason: "\(error)")
        }
        report.server_address = address.description
        return address
    }

    private func connect(to address: TransportAddress) throws {
        step = .connect
        let started = MonotonicClock.now()
        do {
            switch options.transport {
            case .udp:
                connection = try ConnectedUDPSocket(connectingTo: address)
            case .tcp:
                connection = try TCPConnection(connectingTo: address, timeout: options.timeout)
                report.connect_ms = (MonotonicClock.now() - started).milliseconds
            case .tls:
                let tcp = try TCPConnection(connectingTo: address, timeout: options.timeout)
                connection = try TLSConnection(over: tcp, serverName: options.server.host, verification: options.verification,
                                               timeout: options.timeout)
                report.connect_ms = (MonotonicClock.now() - started).milliseconds
            }
        } catch {
            throw TURNCheckFailure(step: .connect, reason: "\(error)")
        }
    }

    private func allocate(server: TransportAddress) throws {
        step = .allocate
        let credential = options.credential(unixTime: Int64(time(nil)))
        let configuration = TURNClient.Configuration(server: server, transport: options.transport,
                                                     username: credential.username, password: credential.password,
                                                     software: "kaamos-tui turn-check")
        let client = TURNClient(configuration: configuration)
        self.client = client
        let started = MonotonicClock.now()
        client.start(now: started)
        try drive(until: { self.relayed != nil }, deadline: started + options.timeout) {
            TURNCheckFailure(step: .allocate, reason: "no Allocate answer from \(server) over \(self.options.transport.rawValue) in \(self.seconds(self.options.timeout)) s")
        }
        report.allocate_ms = client.allocationTime?.milliseconds
        report.relayed = client.relayedAddress?.description
        report.mapped = client.mappedAddress?.description
    }

    /// Opens the peer socket and asks for permissions for every address it may appear from: its
    /// local address, and the server-reflexive IP when there is a NAT in between.
    private func createPermissions() throws {
        step = .permission
        guard let client, let relayed, let connection else { return }
        let local = connection.localAddress.ip
        // The peer sends from the address this host reaches the server from; when the relay's family
        // differs (server reached over IPv6, relaying IPv4), from a local address of the relay's family.
        let bindIP = local.family == relayed.ip.family ? local : Self.localAddress(like: relayed.ip) ?? relayed.ip.unspecifiedOfSameFamily
        do {
            peer = try UDPSocket(binding: TransportAddress(ip: bindIP, port: 0))
        } catch {
            throw TURNCheckFailure(step: .permission, reason: "cannot open the local peer socket: \(error)")
        }
        guard let peer else { return }
        var wanted: [TransportAddress.IP] = []
        if bindIP.family == relayed.ip.family, !bindIP.isUnspecified { wanted.append(bindIP) }
        if let mapped = client.mappedAddress?.ip, mapped.family == relayed.ip.family, !wanted.contains(mapped) { wanted.append(mapped) }
        guard !wanted.isEmpty else {
            throw TURNCheckFailure(step: .permission, reason: "no local address of the relayed address's family (\(relayed)) to send from")
        }
        let now = MonotonicClock.now()
        for ip in wanted { client.createPermission(for: TransportAddress(ip: ip, port: peer.localAddress.port), now: now) }
        try drive(until: { self.permissionsCreated.count + self.permissionFailures.count >= wanted.count },
                  deadline: now + options.timeout) {
            TURNCheckFailure(step: .permission, reason: "no CreatePermission answer in \(self.seconds(self.options.timeout)) s")
        }
        guard !permissionsCreated.isEmpty else {
            throw TURNCheckFailure(step: .permission, reason: permissionFailures.joined(separator: "; "))
        }
    }

    /// The peer sends to the relayed address until its hello comes out of the relay.
    private func learnPeerAddress() throws {
        step = .relay
        guard let peer, let relayed else { return }
        let started = MonotonicClock.now()
        var nextHello = started
        try drive(until: { self.peerAsRelayed != nil }, deadline: started + options.timeout, timeout: {
            TURNCheckFailure(step: .relay, reason: "packets from \(peer.localAddress) to the relayed address \(relayed) never came out of the relay in \(self.seconds(self.options.timeout)) s")
        }, tick: {
            let now = MonotonicClock.now()
            if now >= nextHello {
                peer.send(self.hello, to: relayed)
                nextHello = now + .milliseconds(200)
            }
            return nextHello
        })
    }

    private func bindChannel() throws {
        step = .channel
        guard let client, let peerAsRelayed else { return }
        let now = MonotonicClock.now()
        client.bindChannel(to: peerAsRelayed, now: now)
        try drive(until: { self.channelBound }, deadline: now + options.timeout) {
            TURNCheckFailure(step: .channel, reason: "no ChannelBind answer in \(self.seconds(self.options.timeout)) s")
        }
    }

    /// Sends `count` numbered packets to the peer through the relay, one per interval, and waits
    /// for their echoes (at most the step timeout, or two seconds, after the last).
    private func measurePath(tag: UInt8) throws -> TURNCheckReport.Path {
        step = .relay
        guard let client, let peerAsRelayed else { return TURNCheckReport.Path() }
        let firstSequence = UInt32(tag) << 24
        let count = options.count
        var sent = 0
        var nextSend = MonotonicClock.now()
        let patience = min(options.timeout, .seconds(2))
        let deadline = nextSend + options.interval * count + patience
        let isEchoed = { (sequence: UInt32) in self.roundTrips[sequence] != nil }
        try drive(until: { sent == count && (0..<UInt32(count)).allSatisfy { isEchoed(firstSequence + $0) } },
                  deadline: deadline, timeout: { nil }, tick: {
            let now = MonotonicClock.now()
            guard sent < count else { return nil }
            if now >= nextSend {
                let sequence = firstSequence + UInt32(sent)
                self.sentAt[sequence] = now
                client.send(Self.probe(sequence), to: peerAsRelayed, now: now)
                sent += 1
                nextSend = now + self.options.interval
            }
            return sent < count ? nextSend : nil
        })
        let samples = (0..<UInt32(count)).compactMap { roundTrips[firstSequence + $0] }
        var path = TURNCheckReport.Path()
        path.sent = sent
        path.received = samples.count
        path.rtt_ms = TURNCheckReport.RoundTrip(samples: samples)
        return path
    }

    private func checkEchoes() throws {
        let paths = [("Send indication", report.send_indication), ("ChannelData", report.channel_data)]
        for (name, path) in paths where path.sent > 0 && path.received == 0 {
            throw TURNCheckFailure(step: .relay, reason: "none of the \(path.sent) packets sent by \(name) through the relay came back")
        }
    }

    private func summarizeEchoes() {
        report.sent = report.send_indication.sent + report.channel_data.sent
        report.received = report.send_indication.received + report.channel_data.received
        guard report.sent > 0 else { return }
        report.loss_pct = Double(report.sent - report.received) / Double(report.sent) * 100
        report.rtt_ms = TURNCheckReport.RoundTrip(samples: Array(roundTrips.values))
    }

    /// Releases the allocation (Refresh with lifetime 0), waiting a moment for the answer.
    private func release() {
        guard let client, client.state == .allocated else { return }
        let now = MonotonicClock.now()
        client.close(now: now)
        try? drive(until: { self.closed }, deadline: now + min(options.timeout, .seconds(1)), timeout: { nil })
    }

    // MARK: - The loop

    /// Runs the client, the connection and the peer socket until `finished`, or until `deadline`
    /// (then throws what `timeout` gives, or returns when it gives nil). `tick` sends scheduled
    /// packets and says when it next wants to run.
    private func drive(until finished: () -> Bool, deadline: Instant, timeout: () -> TURNCheckFailure?,
                       tick: () throws -> Instant? = { nil }) throws {
        guard let client else { return }
        var deadline = deadline
        while true {
            try drainClient()
            if finished() { return }
            let now = MonotonicClock.now()
            if now >= deadline {
                if let failure = timeout() { throw failure }
                return
            }
            let tickAt = try tick()
            try drainClient()
            if finished() { return }
            deadline = max(deadline, now)
            let wake = earliest(deadline, client.nextTimeout(), tickAt) ?? deadline
            waitForInput(until: wake)
            try readServer()
            readPeer()
            let after = MonotonicClock.now()
            if let due = client.nextTimeout(), due <= after { client.handleTimeout(now: after) }
        }
    }

    private func drive(until finished: () -> Bool, deadline: Instant, timeout: () -> TURNCheckFailure) throws {
        try drive(until: finished, deadline: deadline, timeout: { Optional(timeout()) })
    }

    private func waitForInput(until wake: Instant) {
        var entries: [pollfd] = []
        if let connection { entries.append(pollfd(fd: connection.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
        if let peer { entries.append(pollfd(fd: peer.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
        let remaining = wake - MonotonicClock.now()
        // Round up so a deadline a fraction of a millisecond away does not spin.
        let milliseconds = Int32(clamping: max(0, (remaining.nanosecondsClamped + 999_999) / 1_000_000))
        _ = poll(&entries, nfds_t(entries.count), milliseconds)
    }

    private func readServer() throws {
        guard let connection, let client else { return }
        do {
            while let bytes = try connection.receive() {
                client.handleIncoming(bytes, now: MonotonicClock.now())
                try drainClient()
            }
        } catch let failure as TURNCheckFailure {
            throw failure
        } catch {
            // The server went away: before the allocation that is a connection failure.
            throw TURNCheckFailure(step: relayed == nil ? .connect : step, reason: "\(error)")
        }
    }

    /// The peer echoes whatever comes from the relayed address back to it.
    private func readPeer() {
        guard let peer, let relayed else { return }
        while let (length, source) = peer.receive(into: &peerBuffer) {
            guard source == relayed else { continue }
            peer.send(Array(peerBuffer.prefix(length)), to: relayed)
        }
    }

    private func drainClient() throws {
        guard let client else { return }
        while let output = client.pollOutput() {
            switch output {
            case let .send(bytes):
                do {
                    try connection?.send(bytes)
                } catch {
                    throw TURNCheckFailure(step: relayed == nil ? .connect : step, reason: "\(error)")
                }
            case let .event(event):
                try handle(event)
            }
        }
    }

    private func handle(_ event: TURNEvent) throws {
        switch event {
        case let .allocated(relayed, _):
            self.relayed = relayed
        case let .permissionCreated(ip):
            permissionsCreated.insert(ip)
        case .channelBound:
            channelBound = true
        case let .data(from, payload):
            if payload == hello {
                if peerAsRelayed == nil { peerAsRelayed = from }
            } else if let sequence = Self.sequence(ofProbe: payload), let sent = sentAt[sequence], roundTrips[sequence] == nil {
                roundTrips[sequence] = (MonotonicClock.now() - sent).milliseconds
            }
        case let .failed(failedStep, reason):
            if failedStep == .permission, step == .permission {
                permissionFailures.append(reason)
                return
            }
            if closed || (client?.state == .closing) { return }
            throw TURNCheckFailure(step: TURNCheckStep(failedStep), reason: reason + credentialHint(for: failedStep))
        case .closed:
            closed = true
        case .refreshed:
            break
        }
    }

    /// With --secret, a refused credential is most often an expired one or a clock far off.
    private func credentialHint(for failedStep: TURNStep) -> String {
        guard failedStep == .auth, options.secret != nil else { return "" }
        if options.credentialLifetime <= .zero {
            return "; the credential derived from --secret had already expired (validity \(options.credentialLifetime.components.seconds) s)"
        }
        return "; check --secret, and that this host's clock agrees with the server's (the credential carries its expiry)"
    }

    /// A local interface address of `ip`'s family: loopback for a loopback relay, else a global one.
    private static func localAddress(like ip: TransportAddress.IP) -> TransportAddress.IP? {
        LocalInterfaces.usableAddresses().first { $0.ip.family == ip.family && $0.isLoopback == ip.isLoopback }?.ip
    }

    // MARK: - Probe packets

    /// "KTCK", a sequence number, and padding to a typical small media packet.
    static func probe(_ sequence: UInt32) -> [UInt8] {
        var writer = ByteWriter(capacity: 100)
        writer.write(bytes: magic)
        writer.write(sequence)
        writer.writeZeros(92)
        return writer.bytes
    }

    static func sequence(ofProbe payload: [UInt8]) -> UInt32? {
        guard payload.count == 100, payload.starts(with: magic) else { return nil }
        var reader = ByteReader(payload[4..<8])
        return try? reader.readUInt32()
    }

    private func seconds(_ duration: Duration) -> String {
        String((duration.milliseconds / 100).rounded() / 10)
    }
}

extension TransportAddress.IP {
    fileprivate var family: Int { if case .v4 = self { 4 } else { 6 } }
    fileprivate var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
    fileprivate var unspecifiedOfSameFamily: TransportAddress.IP {
        if case .v4 = self { .v4(0, 0, 0, 0) } else { .v6([UInt8](repeating: 0, count: 16), scope: 0) }
    }
}
