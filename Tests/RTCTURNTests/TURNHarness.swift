import RTCBase
@testable import RTCTURN
import RTCSTUN

/// A client and a fake server joined in memory on a virtual clock: nothing sleeps, time jumps to the
/// client's next deadline.
final class TURNHarness {
    let client: TURNClient
    let server: FakeTURNServer
    private(set) var now = Instant.zero
    private(set) var events: [(time: Instant, event: TURNEvent)] = []
    /// Every request the client put on the wire, with when (retransmissions included).
    private(set) var sentRequests: [(time: Instant, message: STUNMessage)] = []
    /// Everything the client sent, raw.
    private(set) var sentBytes: [[UInt8]] = []
    /// While false, the server never hears the client (a dead or unreachable server).
    var serverReachable = true
    /// Over a stream, the server's bytes are handed to the client in pieces of this size.
    var streamChunkSize = Int.max

    init(transport: TURNTransport = .udp, password: String = "secret", configure: (inout TURNClient.Configuration) -> Void = { _ in }) {
        var configuration = TURNClient.Configuration(server: TransportAddress("203.0.113.1:3478")!, transport: transport,
                                                     username: "alice", password: password, randomSeed: 42)
        configure(&configuration)
        client = TURNClient(configuration: configuration)
        server = FakeTURNServer(transport: transport)
    }

    var allEvents: [TURNEvent] { events.map(\.event) }

    func start() {
        client.start(now: now)
        pump()
    }

    /// Delivers everything the client has to say, and the server's answers, until both are quiet.
    func pump() {
        while let output = client.pollOutput() {
            switch output {
            case let .event(event):
                events.append((now, event))
            case let .send(bytes):
                sentBytes.append(bytes)
                if let message = try? STUNMessage(bytes: bytes), message.messageClass == .request {
                    sentRequests.append((now, message))
                }
                guard serverReachable else { continue }
                for reply in server.receive(bytes) { deliver(reply) }
            }
        }
    }

    /// Hands bytes from the server to the client, in pieces over a stream.
    func deliver(_ bytes: [UInt8]) {
        guard client.configuration.transport.isStream, streamChunkSize < bytes.count else {
            client.handleIncoming(bytes, now: now)
            return
        }
        var start = 0
        while start < bytes.count {
            let end = min(start + streamChunkSize, bytes.count)
            client.handleIncoming(Array(bytes[start..<end]), now: now)
            start = end
        }
    }

    /// Runs every deadline up to `instant`, then sets the clock there.
    func advance(to instant: Instant) {
        pump()
        while let deadline = client.nextTimeout(), deadline <= instant {
            now = max(now, deadline)
            client.handleTimeout(now: now)
            pump()
        }
        now = max(now, instant)
    }

    func advance(by duration: Duration) { advance(to: now + duration) }

    func peerSends(_ payload: [UInt8], from peer: TransportAddress) {
        guard let bytes = server.deliverFromPeer(payload, from: peer) else { return }
        deliver(bytes)
        pump()
    }

    func send(_ payload: [UInt8], to peer: TransportAddress) {
        client.send(payload, to: peer, now: now)
        pump()
    }

    var failures: [(step: TURNStep, reason: String)] {
        allEvents.compactMap { if case let .failed(step, reason) = $0 { (step, reason) } else { nil } }
    }

    var receivedPayloads: [(peer: TransportAddress, payload: [UInt8])] {
        allEvents.compactMap { if case let .data(peer, payload) = $0 { (peer, payload) } else { nil } }
    }
}

extension Instant {
    static func seconds(_ value: Int64) -> Instant { .milliseconds(value * 1000) }
}
