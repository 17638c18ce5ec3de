import LinkEmulation
import RTCBase
import RTCSTUN

/// The one virtual network of the tests: sans-IO hosts exchange datagrams with a seeded delay,
/// jitter (hence reordering) and loss, and a clock that only ever jumps to the earliest pending
/// delivery or host deadline. Nothing sleeps, and a run with the same seed is the same run.
///
/// The test targets subclass it with an adapter for their engine (ICE agents, peer connections,
/// the SFU and its clients); the link model lives here only.
open class SimulatedNetwork {
    private struct InFlight {
        var deliverAt: Instant
        var sequence: Int
        var datagram: Datagram
    }

    public private(set) var now: Instant
    public var random: SeededRandom
    /// One-way delay every datagram takes.
    public var delay: Duration
    /// Up to this much more delay, drawn per datagram: reorders packets.
    public var jitter: Duration
    /// Probability of losing any datagram.
    public var loss: Double
    /// Probability of losing an RTP or RTCP datagram (first byte 128-191); the larger of this and
    /// `loss` applies to those.
    public var mediaLoss = 0.0
    /// While true every datagram is dropped: a cut cable.
    public var blocked = false
    /// Drops the datagrams it returns true for, to lose one kind of message on purpose.
    public var dropFilter: ((Datagram) -> Bool)?
    /// Bottlenecks by sending address: datagrams from that address first cross this link (rate,
    /// drop-tail queue, its own delay and loss), then the network's delay as usual.
    public var bottlenecks: [TransportAddress: EmulatedLink] = [:]
    /// Addresses that answer Binding requests like a STUN server, with the given mapped address.
    public var stunServers: [TransportAddress: TransportAddress] = [:]
    /// A static one-to-one NAT: datagrams from an inside address leave with the outside address as
    /// their source, and datagrams to the outside address reach the inside one.
    public var nat: [TransportAddress: TransportAddress] = [:]

    public private(set) var delivered = 0
    public private(set) var dropped = 0
    /// Set when a host kept asking to be woken at a time that had already passed.
    public private(set) var spun = false

    private var hosts: [SimulatedHost] = []
    private var owners: [TransportAddress: SimulatedHost] = [:]
    private var inFlight: [InFlight] = []
    private var sequence = 0

    public init(seed: UInt64 = 1, start: Instant = .zero, delay: Duration = .zero, jitter: Duration = .zero,
                loss: Double = 0) {
        random = SeededRandom(seed: seed)
        now = start
        self.delay = delay
        self.jitter = jitter
        self.loss = loss
    }

    /// Puts `host` on the network; datagrams to `addresses` reach it.
    public func connect(_ host: SimulatedHost, at addresses: [TransportAddress]) {
        if !hosts.contains(where: { $0 === host }) { hosts.append(host) }
        for address in addresses { owners[address] = host }
    }

    public func disconnect(_ host: SimulatedHost) {
        hosts.removeAll { $0 === host }
        owners = owners.filter { $0.value !== host }
    }

    /// Moves every host's output onto the wire, until no host has anything more to say.
    public func drain() {
        var moved = true
        while moved {
            moved = false
            for host in hosts where host.drainOutputs(now: now, send: { transmit($0) }) {
                moved = true
            }
        }
    }

    /// Runs until `deadline` or until `condition` turns false, whichever comes first.
    public func run(until deadline: Instant, while condition: () -> Bool = { true }) {
        var idle = 0
        drain()
        while condition() {
            let nextDelivery = inFlight.lazy.map(\.deliverAt).min()
            let nextTimer = hosts.compactMap { $0.nextTimeout() }.min()
            let nextBottleneck = bottlenecks.values.compactMap { $0.nextDelivery() }.min()
            guard let next = earliest(nextDelivery, nextTimer, nextBottleneck), next <= deadline else {
                now = max(now, deadline)
                return
            }
            idle = next <= now ? idle + 1 : 0
            if idle > 10_000 {
                spun = true
                return
            }
            now = max(now, next)
            if let nextBottleneck, nextBottleneck <= now {
                for address in Array(bottlenecks.keys) {
                    for datagram in bottlenecks[address]!.deliver(now: now) { enterNetwork(datagram) }
                }
            } else if let index = nextDue() {
                deliver(inFlight.remove(at: index).datagram)
            } else {
                for host in hosts where (host.nextTimeout().map { $0 <= now } ?? false) {
                    host.handleTimeout(now: now)
                }
            }
            drain()
        }
    }

    /// Runs for `duration` of virtual time or until `condition` holds; returns whether it held.
    @discardableResult
    public func run(for duration: Duration, until condition: () -> Bool = { false }) -> Bool {
        run(until: now + duration, while: { !condition() })
        return condition()
    }

    /// Runs `body` at the current virtual time and drains what it produced.
    public func perform(_ body: (Instant) throws -> Void) rethrows {
        try body(now)
        drain()
    }

    private func nextDue() -> Int? {
        var best: Int?
        for index in inFlight.indices where inFlight[index].deliverAt <= now {
            if let current = best,
               (inFlight[current].deliverAt, inFlight[current].sequence) <= (inFlight[index].deliverAt, inFlight[index].sequence) {
                continue
            }
            best = index
        }
        return best
    }

    private func transmit(_ leaving: Datagram) {
        var datagram = leaving
        if let outside = nat[datagram.source] { datagram.source = outside }
        let chance = unitRandom()
        let isMedia = (128...191).contains(datagram.payload.first ?? 0)
        if blocked || dropFilter?(datagram) == true || chance < loss || (isMedia && chance < mediaLoss) {
            dropped += 1
            return
        }
        if bottlenecks[leaving.source] != nil {
            if !bottlenecks[leaving.source]!.send(datagram, now: now) { dropped += 1 }
            return
        }
        enterNetwork(datagram)
    }

    private func enterNetwork(_ datagram: Datagram) {
        let extra = jitter == .zero ? Duration.zero : jitter * unitRandom()
        sequence += 1
        inFlight.append(InFlight(deliverAt: now + delay + extra, sequence: sequence, datagram: datagram))
    }

    private func deliver(_ arriving: Datagram) {
        var datagram = arriving
        if let inside = nat.first(where: { $0.value == datagram.destination })?.key { datagram.destination = inside }
        if let host = owners[datagram.destination] {
            delivered += 1
            host.handleDatagram(datagram, now: now)
        } else if let mapped = stunServers[datagram.destination],
                  let request = try? STUNMessage(bytes: datagram.payload), request.messageClass == .request {
            let response = STUNMessage(messageClass: .successResponse, transactionID: request.transactionID,
                                       attributes: [.xorMappedAddress(mapped)])
            transmit(Datagram(source: datagram.destination, destination: datagram.source,
                              payload: response.encoded(integrityKey: nil, addFingerprint: true)))
        } else {
            dropped += 1
        }
    }

    private func unitRandom() -> Double { Double(random.next() >> 11) / Double(UInt64(1) << 53) }
}
