import RTCBase
@testable import RTCSecurity

/// Two DTLS transports joined by a simulated network on a virtual clock: one-way latency, seeded
/// random loss and an optional filter. Time jumps to the earliest delivery or deadline; nothing sleeps.
final class SimulatedDTLSLink {
    enum Side: Hashable, CustomStringConvertible {
        case client, server
        var peer: Side { self == .client ? .server : .client }
        var description: String { self == .client ? "client" : "server" }
    }

    struct Sent {
        var time: Instant
        var from: Side
        var bytes: [UInt8]
        var delivered: Bool
    }

    let client: DTLSTransport
    let server: DTLSTransport
    var now = Instant.zero
    var latency: Duration = .milliseconds(10)
    var lossRate = 0.0
    var random = SeededRandom(seed: 1)
    /// Return false to drop a datagram: (sender, index of the datagram among the sender's, bytes).
    var filter: (Side, Int, [UInt8]) -> Bool = { _, _, _ in true }

    private(set) var sent: [Sent] = []
    private(set) var events: [Side: [DTLSOutput]] = [.client: [], .server: []]
    private var inFlight: [(at: Instant, to: Side, bytes: [UInt8])] = []
    private var sentCount: [Side: Int] = [.client: 0, .server: 0]

    init(client: DTLSTransport, server: DTLSTransport) {
        self.client = client
        self.server = server
    }

    /// A connected-capable pair with fresh certificates and matching fingerprints.
    static func make(mtu: Int = 1200, clientExpects: CertificateFingerprint? = nil,
                     serverExpects: CertificateFingerprint? = nil, serverKnowsFingerprint: Bool = true) throws -> SimulatedDTLSLink {
        let clientCertificate = try DTLSCertificate.generate()
        let serverCertificate = try DTLSCertificate.generate()
        let client = try DTLSTransport(role: .client, certificate: clientCertificate,
                                       remoteFingerprint: clientExpects ?? serverCertificate.fingerprint, mtu: mtu)
        let server = try DTLSTransport(role: .server, certificate: serverCertificate,
                                       remoteFingerprint: serverKnowsFingerprint ? (serverExpects ?? clientCertificate.fingerprint) : nil,
                                       mtu: mtu)
        return SimulatedDTLSLink(client: client, server: server)
    }

    func transport(_ side: Side) -> DTLSTransport { side == .client ? client : server }

    func start() {
        server.start(now: now)
        client.start(now: now)
        drain()
    }

    /// Runs until `until` (virtual) or until nothing remains to happen.
    func run(until deadline: Instant) {
        drain()
        while true {
            let nextDelivery = inFlight.map(\.at).min()
            guard let next = earliest(nextDelivery, client.nextTimeout(), server.nextTimeout()), next <= deadline else {
                break
            }
            now = max(now, next)
            // Deliver everything due, in send order.
            let due = inFlight.enumerated().filter { $0.element.at <= now }
            inFlight.removeAll { $0.at <= now }
            for item in due.map(\.element) {
                transport(item.to).handleDatagram(item.bytes, now: now)
                drain()
            }
            for side in [Side.client, .server] {
                if let timeout = transport(side).nextTimeout(), timeout <= now {
                    transport(side).handleTimeout(now: now)
                    drain()
                }
            }
        }
        now = max(now, deadline)
    }

    /// Runs until both sides report `.connected` or `.failed` (or a virtual minute passes).
    func runUntilSettled() {
        let limit = now + .seconds(60)
        while now < limit, !(isSettled(.client) && isSettled(.server)) {
            let before = now
            run(until: min(limit, now + .milliseconds(50)))
            if now == before { break }
        }
    }

    func isSettled(_ side: Side) -> Bool {
        events[side]!.contains { output in
            switch output {
            case .connected, .failed: return true
            default: return false
            }
        }
    }

    func keys(_ side: Side) -> SRTPKeyingMaterial? {
        for case let .connected(material) in events[side]! { return material }
        return nil
    }

    func failure(_ side: Side) -> DTLSError? {
        for case let .failed(error) in events[side]! { return error }
        return nil
    }

    func drain() {
        for side in [Side.client, .server] {
            while let output = transport(side).pollOutput() {
                switch output {
                case let .transmit(bytes):
                    let index = sentCount[side, default: 0]
                    sentCount[side] = index + 1
                    let lost = random.nextDouble() < lossRate
                    let delivered = !lost && filter(side, index, bytes)
                    sent.append(Sent(time: now, from: side, bytes: bytes, delivered: delivered))
                    if delivered { inFlight.append((now + latency, side.peer, bytes)) }
                default:
                    events[side]!.append(output)
                }
            }
        }
    }
}

extension SeededRandom {
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
