import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// Hostile and random datagrams, many correctly signed so they reach deep into the agent, must never
/// trap, hang or grow its state without bound.
@Suite struct IceAgentRobustnessTests {
    static let local = TransportAddress.v4(10, 0, 0, 1, port: 5000)
    static let peers = [TransportAddress.v4(10, 0, 0, 2, port: 6000), TransportAddress.v4(10, 0, 0, 3, port: 6001)]
    static let peerCredentials = IceCredentials(ufrag: "peer", pwd: "peerpasswordpeerpassword")

    @Test(arguments: [(IceRole.controlling, false), (.controlled, false), (.controlled, true)])
    func agentSurvivesHostileDatagrams(role: IceRole, lite: Bool) throws {
        var random = SeededRandom(seed: lite ? 3 : role == .controlling ? 1 : 2)
        let agent = IceAgent(configuration: .test(role, lite: lite, seed: 77))
        agent.addLocalHost(Self.local)
        agent.setRemoteCredentials(Self.peerCredentials)
        for (index, peer) in Self.peers.enumerated() {
            agent.addRemoteCandidate(Candidate(foundation: "\(index)", priority: 2_000_000_000, address: peer, type: .host))
        }
        let localKey = Array(agent.configuration.localCredentials.pwd.utf8)
        let peerKey = Array(Self.peerCredentials.pwd.utf8)
        var now = Instant.zero
        for _ in 0..<10_000 {
            now = now + .milliseconds(Int64(random.next() % 40))
            agent.handleTimeout(now: now)
            while agent.pollOutput() != nil {}
            // Whatever was due has been done: a deadline still in the past would make the driver spin.
            if let deadline = agent.nextTimeout() { #expect(deadline > now) }

            let classes: [STUNMessage.Class] = [.request, .successResponse, .errorResponse, .indication]
            let messageClass = classes[Int(random.next() % 4)]
            let id = random.next() % 2 == 0 ? agent.transactions.keys.sorted { $0.low < $1.low }.first ?? .random(using: &random)
                                            : .random(using: &random)
            var attributes: [STUNAttribute] = []
            let pool: [STUNAttribute] = [
                .username(agent.configuration.localCredentials.ufrag + ":peer"), .username("x:y"),
                .priority(UInt32(truncatingIfNeeded: random.next())), .useCandidate,
                .iceControlling(tieBreaker: random.next()), .iceControlled(tieBreaker: random.next()),
                .errorCode(code: 300 + Int(random.next() % 400), reason: "x"), .errorCode(code: 487, reason: "Role Conflict"),
                .xorMappedAddress(.v4(1, 2, 3, UInt8(truncatingIfNeeded: random.next()), port: 9)),
                .unknown(type: UInt16(truncatingIfNeeded: random.next()), value: random.bytes(Int(random.next() % 9))),
            ]
            for _ in 0..<Int(random.next() % 6) { attributes.append(pool[Int(random.next() % UInt64(pool.count))]) }
            let message = STUNMessage(messageClass: messageClass, transactionID: id, attributes: attributes)
            let key: [UInt8]? = switch random.next() % 4 {
            case 0: nil
            case 1: random.bytes(8)
            default: messageClass == .request ? localKey : peerKey
            }
            var payload = message.encoded(integrityKey: key, addFingerprint: random.next() % 8 != 0)
            if random.next() % 5 == 0, !payload.isEmpty {
                payload[Int(random.next() % UInt64(payload.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            let source = random.next() % 3 == 0 ? TransportAddress.v4(172, 16, UInt8(random.next() % 256), UInt8(random.next() % 256),
                                                                     port: UInt16(truncatingIfNeeded: random.next()))
                                                : Self.peers[Int(random.next() % 2)]
            agent.handleDatagram(Datagram(source: source, destination: Self.local, payload: payload), now: now)
            while agent.pollOutput() != nil {}
        }
        // Many inputs were signed correctly and got past authentication.
        #expect(agent.stats.responsesSent > 1000)
        #expect(agent.pairs.count <= IceAgent.maxPairs)
        #expect(agent.remoteCandidates.count <= IceAgent.maxRemoteCandidates)
        #expect(agent.triggered.count <= IceAgent.maxPairs * 2)
        #expect(agent.transactions.count < 1000)
    }
}
