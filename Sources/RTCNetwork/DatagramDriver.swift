import Glibc
import RTCBase

/// Owns the UDP sockets, the stream links and the clock for one engine, on one thread of its own.
///
/// The engine stays single-threaded: the loop thread and callers of `withEngine` take turns under a
/// lock. Outputs are drained after every step: transmissions go out on the link whose local and
/// remote addresses are the datagram's source and destination, else on the socket whose address is
/// the source; events go to the handler outside the lock.
///
/// A link is a connected stream to one server (TCP, TLS) opened by someone else and handed over
/// with `addLink(_:)`: its bytes reach the engine as datagrams from its remote to its local address,
/// in whatever pieces they arrive. One that closes or breaks is dropped and reported to the engine
/// with `handleStreamClosed`. Sends on a link never wait: each link has an outbox (`LinkOutbox`)
/// that takes whole messages up to `linkQueueLimit` bytes and drops (and counts) those that do not
/// fit; the loop writes the rest as the socket drains.
public final class DatagramDriver<Engine: DatagramEngine>: @unchecked Sendable {
    public typealias EventHandler = @Sendable (Engine.Event) -> Void

    // Guarded by `lock`: the engine is single-threaded and never escapes this class.
    private let lock = PThreadLock()
    private let engine: Engine
    private var running = true
    private let sockets: [UDPSocket]
    private var links: [any ServerConnection] = []
    /// Each link's unwritten bytes, by the link's identity.
    private var outboxes: [ObjectIdentifier: LinkOutbox] = [:]
    private let linkQueueLimit: Int
    private var droppedLinkMessageCount = 0
    private let wake: WakeSignal
    private let onEvent: EventHandler
    private var thread: LoopThread?
    /// Drops inbound datagrams the filter rejects (tests inject loss here); nil keeps everything.
    private let inboundFilter: (@Sendable (Datagram) -> Bool)?

    /// The addresses the sockets are bound to (ports chosen by the system when 0 was asked).
    public var localAddresses: [TransportAddress] { sockets.map(\.localAddress) }

    /// How many bytes a link may hold unwritten unless the initializer is told otherwise.
    public static var defaultLinkQueueLimit: Int { 512 * 1024 }

    /// Messages dropped whole because a link's queue was full, over the driver's life.
    public var droppedLinkMessages: Int { lock.withLock { droppedLinkMessageCount } }

    /// The bytes queued on the open links and not yet written.
    public var queuedLinkBytes: Int { lock.withLock { outboxes.values.reduce(0) { $0 + $1.pendingCount } } }

    public init(engine: sending Engine, bindingTo addresses: [TransportAddress],
                inboundFilter: (@Sendable (Datagram) -> Bool)? = nil,
                linkQueueLimit: Int = defaultLinkQueueLimit,
                onEvent: @escaping EventHandler) throws(NetworkError) {
        var bound: [UDPSocket] = []
        for address in addresses {
            bound.append(try UDPSocket(binding: address))
        }
        guard !bound.isEmpty else { throw NetworkError("no local address to bind a UDP socket on") }
        sockets = bound
        wake = try WakeSignal()
        self.onEvent = onEvent
        self.inboundFilter = inboundFilter
        self.linkQueueLimit = linkQueueLimit
        self.engine = engine
    }

    deinit { stop() }

    /// Starts the loop thread.
    public func start() {
        thread = LoopThread { [self] in runLoop() }
    }

    /// Stops the loop and waits for its thread to end. Safe to call more than once.
    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        wake.signal()
        thread?.join()
    }

    /// Runs `body` with the engine and the current time, then sends what it produced.
    @discardableResult
    public func withEngine<T>(_ body: (Engine, Instant) throws -> T) rethrows -> T {
        var events: [Engine.Event] = []
        let result = try lock.withLock { () throws -> T in
            let value = try body(engine, MonotonicClock.now())
            drainOutputs(into: &events)
            return value
        }
        events.forEach(onEvent)
        wake.signal()
        return result
    }

    /// Hands over a connected stream: the loop polls it from now on, and closes it when the driver
    /// goes (or the stream ends). Its addresses must not be those of another link.
    public func addLink(_ connection: any ServerConnection) {
        lock.withLock {
            links.append(connection)
            outboxes[ObjectIdentifier(connection)] = LinkOutbox(limit: linkQueueLimit)
        }
        wake.signal()
    }

    /// The (local, remote) addresses of the links still open.
    public var linkAddresses: [(local: TransportAddress, remote: TransportAddress)] {
        lock.withLock { links.map { ($0.localAddress, $0.remoteAddress) } }
    }

    private func runLoop() {
        let socketCount = sockets.count
        var pollSet = sockets.map { pollfd(fd: $0.fileDescriptor, events: Int16(POLLIN), revents: 0) }
        pollSet.append(pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0))
        var polledLinks: [(link: any ServerConnection, events: Int16)] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var events: [Engine.Event] = []
        while true {
            let deadline = lock.withLock { () -> Instant?? in
                guard running else { return nil }
                // Links with bytes waiting are polled for writing too.
                polledLinks = links.map { link in
                    let pending = outboxes[ObjectIdentifier(link)]?.pendingCount ?? 0
                    return (link, Int16(POLLIN) | (pending > 0 ? link.eventsToResumeWriting : 0))
                }
                return .some(engine.nextTimeout())
            }
            guard let deadline else { return }
            pollSet.removeSubrange((socketCount + 1)...)
            for (link, events) in polledLinks { pollSet.append(pollfd(fd: link.fileDescriptor, events: events, revents: 0)) }
            let waitMilliseconds: Int32
            if let deadline {
                let remaining = (deadline - MonotonicClock.now()).nanosecondsClamped
                waitMilliseconds = Int32(clamping: max(0, (remaining + 999_999) / 1_000_000))
            } else {
                waitMilliseconds = 1000
            }
            for index in pollSet.indices { pollSet[index].revents = 0 }
            _ = poll(&pollSet, nfds_t(pollSet.count), min(waitMilliseconds, 1000))
            if pollSet[socketCount].revents != 0 { wake.drain() }

            lock.withLock {
                guard running else { return }
                for (index, socket) in sockets.enumerated() where pollSet[index].revents != 0 {
                    // Drain the socket, but yield after a burst so timers are never starved.
                    for _ in 0..<256 {
                        guard let (length, source) = socket.receive(into: &buffer) else { break }
                        let datagram = Datagram(source: source, destination: socket.localAddress,
                                                payload: Array(buffer[0..<length]))
                        if let inboundFilter, !inboundFilter(datagram) { continue }
                        engine.handleDatagram(datagram, now: MonotonicClock.now())
                        drainOutputs(into: &events)
                    }
                }
                for (offset, (link, _)) in polledLinks.enumerated() where pollSet[socketCount + 1 + offset].revents != 0 {
                    receive(from: link, into: &events)
                    flush(link, into: &events)
                }
                let now = MonotonicClock.now()
                if let due = engine.nextTimeout(), due <= now {
                    engine.handleTimeout(now: now)
                }
                drainOutputs(into: &events)
            }
            events.forEach(onEvent)
            events.removeAll(keepingCapacity: true)
        }
    }

    /// Reads what a readable link holds (a few pieces at most, so timers are never starved) and
    /// feeds it to the engine; a link that ended is dropped and reported. Called under the lock.
    private func receive(from link: any ServerConnection, into events: inout [Engine.Event]) {
        guard links.contains(where: { $0 === link }) else { return }
        for _ in 0..<64 {
            let bytes: [UInt8]?
            do {
                bytes = try link.receive()
            } catch {
                close(link, reason: "\(error)", into: &events)
                return
            }
            guard let bytes else { return }
            guard !bytes.isEmpty else { continue }
            engine.handleDatagram(Datagram(source: link.remoteAddress, destination: link.localAddress, payload: bytes),
                                  now: MonotonicClock.now())
            drainOutputs(into: &events)
        }
    }

    /// Drops a link and tells the engine. Called under the lock.
    private func close(_ link: any ServerConnection, reason: String, into events: inout [Engine.Event]) {
        guard let index = links.firstIndex(where: { $0 === link }) else { return }
        links.remove(at: index)
        outboxes[ObjectIdentifier(link)] = nil
        engine.handleStreamClosed(local: link.localAddress, remote: link.remoteAddress, reason: reason, now: MonotonicClock.now())
        drainOutputs(into: &events)
    }

    /// Writes what a link's socket takes now of its queued bytes; a link whose write fails is
    /// dropped and reported. Called under the lock.
    private func flush(_ link: any ServerConnection, into events: inout [Engine.Event]) {
        let id = ObjectIdentifier(link)
        guard let pending = outboxes[id]?.pendingCount, pending > 0 else { return }
        do {
            try outboxes[id]?.flush(to: link)
        } catch {
            close(link, reason: "\(error)", into: &events)
        }
    }

    private func drainOutputs(into events: inout [Engine.Event]) {
        var broken: [(link: any ServerConnection, reason: String)] = []
        while let output = engine.pollOutput() {
            switch output {
            case let .transmit(datagram):
                if let link = links.first(where: { $0.localAddress == datagram.source && $0.remoteAddress == datagram.destination }) {
                    guard !broken.contains(where: { $0.link === link }) else { continue }
                    let id = ObjectIdentifier(link)
                    // Bytes already waiting mean the socket was full: the loop writes once it drains.
                    let wasIdle = outboxes[id]?.pendingCount == 0
                    guard outboxes[id]?.append(datagram.payload) == true else {
                        droppedLinkMessageCount += 1
                        continue
                    }
                    guard wasIdle else { continue }
                    do {
                        try outboxes[id]?.flush(to: link)
                    } catch {
                        broken.append((link, "\(error)"))
                    }
                    continue
                }
                // Unknown source addresses are dropped: the engine only sends from addresses we gave it.
                sockets.first { $0.localAddress == datagram.source }?.send(datagram.payload, to: datagram.destination)
            case let .event(event):
                events.append(event)
            }
        }
        // Closed after the drain, so the engine is never re-entered while its outputs are read.
        for (link, reason) in broken { close(link, reason: reason, into: &events) }
    }
}
