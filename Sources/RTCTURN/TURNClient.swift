import RTCBase
import RTCSTUN

/// A sans-IO TURN client (RFC 8656) for one UDP allocation, over UDP, TCP or TLS to the server.
///
/// The owner connects to `configuration.server`, calls `start(now:)`, feeds everything the server
/// sends to `handleIncoming(_:now:)`, calls `handleTimeout(now:)` when `nextTimeout()` passes, and
/// drains `pollOutput()` after every call: `.send` bytes go to the server, `.event`s to the
/// application. The client never reads a clock and never touches a socket. Not thread-safe: one
/// driver owns it.
///
/// Sending to a peer that has no permission yet creates the permission and queues the payload (up
/// to `maxQueuedPayloadsPerPeer`) until the server confirms it; the queue is dropped, with a
/// `.failed(step: .permission, ...)` event, when the server refuses. Once a channel is bound to a
/// peer its payloads go as ChannelData, otherwise as Send indications.
public final class TURNClient {
    public enum State: Sendable, Equatable {
        case idle
        case allocating
        case allocated
        /// `close(now:)` sent the releasing Refresh and waits for its answer.
        case closing
        case closed
        case failed
    }

    public let configuration: Configuration
    public internal(set) var state: State = .idle
    /// Where peers reach us through the server, once allocated.
    public internal(set) var relayedAddress: TransportAddress?
    /// Our address as the server saw it (server-reflexive), once allocated.
    public internal(set) var mappedAddress: TransportAddress?
    /// The allocation's lifetime from the last Allocate or Refresh answer.
    public internal(set) var lifetime: Duration?
    /// From `start(now:)` to the Allocate success, including the 401 round trip.
    public internal(set) var allocationTime: Duration?
    public internal(set) var stats = TURNStats()

    // Long-term credential state, learned from the server's 401 and 438 answers.
    var realm: String?
    var nonce: String?
    var integrityKey: [UInt8]?

    var transactions: [STUNTransactionID: TURNTransaction] = [:]
    var transactionCount = 0
    var startedAt: Instant?
    var allocationRefreshAt: Instant?

    var permissions: [TransportAddress.IP: TURNPermission] = [:]
    var channels: [TransportAddress: TURNChannel] = [:]
    var peersByChannel: [UInt16: TransportAddress] = [:]
    var nextChannelNumber = ChannelData.bindableChannelNumbers.lowerBound

    var framer = TURNStreamFramer()
    var now: Instant = .zero
    var random: EngineRandom
    var outputs = OutputQueue<TURNOutput>()

    public init(configuration: Configuration) {
        self.configuration = configuration
        random = EngineRandom(seed: configuration.randomSeed)
    }

    /// Sends the first Allocate (unsigned: the server's 401 tells the realm and nonce to sign with).
    public func start(now: Instant) {
        guard state == .idle else { return }
        advance(to: now)
        startedAt = now
        state = .allocating
        startTransaction(.allocate)
    }

    /// Releases the allocation with a Refresh of lifetime 0; `.closed` follows its answer or timeout.
    /// Before the allocation exists there is nothing to release: an Allocate in flight is abandoned
    /// (the server frees what it may have allocated when the lifetime ends) and `.closed` is at once.
    public func close(now: Instant) {
        advance(to: now)
        switch state {
        case .idle, .allocating:
            transactions.removeAll()
            dropAllPeers()
            state = .closed
            emit(.closed)
        case .allocated:
            transactions.removeAll()
            dropAllPeers()
            allocationRefreshAt = nil
            state = .closing
            startTransaction(.refresh(lifetime: 0))
        case .closing, .closed, .failed:
            break
        }
    }

    // MARK: - Driving

    public func pollOutput() -> TURNOutput? {
        outputs.take()
    }

    /// When `handleTimeout(now:)` should next be called; nil when nothing is scheduled.
    public func nextTimeout() -> Instant? {
        guard isRunning else { return nil }
        var deadline = transactions.values.lazy.map(\.deadline).min()
        if state == .allocated {
            deadline = earliest(deadline, allocationRefreshAt)
            for permission in permissions.values where permission.state == .installed && !permission.refreshInFlight {
                deadline = earliest(deadline, permission.refreshAt)
            }
            for channel in channels.values where channel.state == .bound && !channel.refreshInFlight {
                deadline = earliest(deadline, channel.refreshAt)
            }
        }
        return deadline
    }

    public func handleTimeout(now: Instant) {
        guard isRunning else { return }
        advance(to: now)
        retransmitOrExpire()
        guard state == .allocated else { return }
        refreshDueAllocation()
        refreshDuePermissions()
        refreshDueChannels()
    }

    /// Handles what arrived from the server: one whole datagram over UDP; over TCP or TLS, the next
    /// bytes of the stream in any split (they are framed here).
    public func handleIncoming(_ bytes: [UInt8], now: Instant) {
        guard isRunning else { return }
        advance(to: now)
        guard configuration.transport.isStream else {
            if ChannelData.looksLikeChannelData(bytes) {
                handleChannelData(bytes)
            } else {
                handleSTUN(bytes)
            }
            return
        }
        framer.append(bytes)
        while isRunning {
            let frame: TURNStreamFramer.Frame?
            do {
                frame = try framer.nextFrame()
            } catch {
                fail(.transport, "\(error)")
                return
            }
            switch frame {
            case nil: return
            case let .stun(message)?: handleSTUN(message)
            case let .channelData(message)?: handleChannelData(message)
            }
        }
    }

    /// Whether a datagram that arrived on a socket shared with other protocols is TURN's: a STUN
    /// message or ChannelData (RFC 7983). Demultiplex by source address first where possible: only
    /// what comes from the TURN server belongs to the client.
    public static func isTURNTraffic<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        STUNMessage.looksLikeSTUN(bytes) || ChannelData.looksLikeChannelData(bytes)
    }

    // MARK: - Incoming

    func handleSTUN(_ bytes: [UInt8]) {
        guard let message = try? STUNMessage(bytes: bytes),
              !message.hasFingerprint || message.validatesFingerprint()
        else {
            stats.malformedReceived += 1
            return
        }
        switch message.messageClass {
        case .successResponse, .errorResponse:
            handleResponse(message)
        case .indication where message.method == .data:
            handleDataIndication(message)
        case .indication, .request:
            // A TURN server sends no requests to UDP-allocation clients, nor other indications.
            stats.malformedReceived += 1
        }
    }

    func handleDataIndication(_ message: STUNMessage) {
        guard state == .allocated, let peer = message.xorPeerAddress, let payload = message.data else {
            stats.malformedReceived += 1
            return
        }
        stats.payloadsReceived += 1
        emit(.data(from: peer, payload: payload))
    }

    func handleChannelData(_ bytes: [UInt8]) {
        guard state == .allocated, let message = try? ChannelData(bytes: bytes),
              let peer = peersByChannel[message.channelNumber]
        else {
            stats.malformedReceived += 1
            return
        }
        stats.payloadsReceived += 1
        emit(.data(from: peer, payload: message.payload))
    }

    // MARK: - Shared helpers

    var isRunning: Bool { state == .allocating || state == .allocated || state == .closing }

    func advance(to instant: Instant) {
        if instant > now { now = instant }
    }

    func emit(_ event: TURNEvent) { outputs.append(.event(event)) }

    func transmit(_ bytes: [UInt8]) { outputs.append(.send(bytes)) }

    /// Ends the allocation with one clear sentence; the caller gets `.failed` and nothing more.
    func fail(_ step: TURNStep, _ reason: String) {
        guard isRunning else { return }
        transactions.removeAll()
        dropAllPeers()
        allocationRefreshAt = nil
        state = .failed
        emit(.failed(step: step, reason: reason))
    }

    func finishClose() {
        transactions.removeAll()
        state = .closed
        emit(.closed)
    }

    /// "the TURN server 192.0.2.1:3478 over udp", for error sentences.
    var serverDescription: String { "the TURN server \(configuration.server) over \(configuration.transport.rawValue)" }
}
