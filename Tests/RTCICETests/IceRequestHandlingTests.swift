import RTCBase
import Testing
@testable import RTCICE
import RTCSTUN

/// How one agent answers Binding requests (RFC 8445 section 7.3, RFC 5389 section 10.1.2).
@Suite struct IceRequestHandlingTests {
    static let local = TransportAddress.v4(10, 0, 0, 1, port: 5000)
    static let peer = TransportAddress.v4(10, 0, 0, 2, port: 6000)
    static let peerCredentials = IceCredentials(ufrag: "peer", pwd: "peerpasswordpeerpassword")

    static func agent(_ role: IceRole, tieBreaker: UInt64 = 50, lite: Bool = false) -> IceAgent {
        var config = IceAgent.Configuration.test(role, lite: lite, seed: 9)
        config.tieBreaker = tieBreaker
        let agent = IceAgent(configuration: config)
        agent.addLocalHost(local)
        agent.setRemoteCredentials(peerCredentials)
        while agent.pollOutput() != nil {}
        return agent
    }

    static func request(to agent: IceAgent, username: String? = nil, key: [UInt8]? = nil,
                        extra: [STUNAttribute] = [.iceControlling(tieBreaker: 1)], id: UInt64 = 7) -> Datagram {
        var attributes: [STUNAttribute] = [.username(username ?? agent.configuration.localCredentials.ufrag + ":peer"), .priority(12345)]
        attributes += extra
        let message = STUNMessage(messageClass: .request, transactionID: STUNTransactionID(high: 0, low: id), attributes: attributes)
        return Datagram(source: peer, destination: local,
                        payload: message.encoded(integrityKey: key ?? Array(agent.configuration.localCredentials.pwd.utf8), addFingerprint: true))
    }

    static func responses(from agent: IceAgent) throws -> [(Datagram, STUNMessage)] {
        var result: [(Datagram, STUNMessage)] = []
        while let output = agent.pollOutput() {
            if case let .transmit(datagram) = output {
                let message = try STUNMessage(bytes: datagram.payload)
                if message.messageClass != .request { result.append((datagram, message)) }
            }
        }
        return result
    }

    @Test func successResponseCarriesMappedAddressIntegrityAndFingerprint() throws {
        let agent = Self.agent(.controlled)
        agent.handleDatagram(Self.request(to: agent), now: .zero)
        let (datagram, response) = try #require(try Self.responses(from: agent).first)
        #expect(datagram.source == Self.local)
        #expect(datagram.destination == Self.peer)
        #expect(response.messageClass == .successResponse)
        #expect(response.transactionID == STUNTransactionID(high: 0, low: 7))
        #expect(response.mappedAddress == Self.peer)
        #expect(response.validatesIntegrity(key: Array(agent.configuration.localCredentials.pwd.utf8)))
        #expect(response.validatesFingerprint())
        #expect(agent.stats.requestsReceived == 1)
        #expect(agent.stats.responsesSent == 1)
    }

    @Test func badIntegrityGets401() throws {
        let agent = Self.agent(.controlled)
        agent.handleDatagram(Self.request(to: agent, key: Array("wrong".utf8)), now: .zero)
        let (_, response) = try #require(try Self.responses(from: agent).first)
        #expect(response.messageClass == .errorResponse)
        #expect(response.errorCode?.code == 401)
        #expect(agent.remoteCandidates.isEmpty)
    }

    @Test func wrongOrMissingUsernameGets400() throws {
        let agent = Self.agent(.controlled)
        agent.handleDatagram(Self.request(to: agent, username: "someoneelse:peer"), now: .zero)
        #expect(try Self.responses(from: agent).first?.1.errorCode?.code == 400)
        let bare = STUNMessage(messageClass: .request, transactionID: STUNTransactionID(high: 0, low: 8))
        agent.handleDatagram(Datagram(source: Self.peer, destination: Self.local, payload: bare.encoded(integrityKey: nil, addFingerprint: true)), now: .zero)
        #expect(try Self.responses(from: agent).first?.1.errorCode?.code == 400)
    }

    @Test func corruptedFingerprintIsDroppedSilently() throws {
        let agent = Self.agent(.controlled)
        var datagram = Self.request(to: agent)
        datagram.payload[datagram.payload.count - 1] ^= 0xFF
        agent.handleDatagram(datagram, now: .zero)
        #expect(try Self.responses(from: agent).isEmpty)
    }

    /// RFC 8445 section 7.3.1.1: both controlling, our tie-breaker is larger: we answer 487.
    @Test func controllingConflictWithLargerTieBreakerAnswers487() throws {
        let agent = Self.agent(.controlling, tieBreaker: 100)
        agent.handleDatagram(Self.request(to: agent, extra: [.iceControlling(tieBreaker: 99)]), now: .zero)
        let (_, response) = try #require(try Self.responses(from: agent).first)
        #expect(response.errorCode?.code == 487)
        #expect(agent.role == .controlling)
    }

    @Test func controllingConflictWithSmallerTieBreakerSwitches() throws {
        let agent = Self.agent(.controlling, tieBreaker: 10)
        agent.handleDatagram(Self.request(to: agent, extra: [.iceControlling(tieBreaker: 99)]), now: .zero)
        #expect(try Self.responses(from: agent).first?.1.messageClass == .successResponse)
        #expect(agent.role == .controlled)
    }

    @Test func controlledConflictResolution() throws {
        let larger = Self.agent(.controlled, tieBreaker: 100)
        larger.handleDatagram(Self.request(to: larger, extra: [.iceControlled(tieBreaker: 99)]), now: .zero)
        #expect(try Self.responses(from: larger).first?.1.messageClass == .successResponse)
        #expect(larger.role == .controlling)
        let smaller = Self.agent(.controlled, tieBreaker: 10)
        smaller.handleDatagram(Self.request(to: smaller, extra: [.iceControlled(tieBreaker: 99)]), now: .zero)
        #expect(try Self.responses(from: smaller).first?.1.errorCode?.code == 487)
        #expect(smaller.role == .controlled)
    }

    @Test func liteAgentSelectsTheNominatedPairAtOnce() throws {
        let agent = Self.agent(.controlled, lite: true)
        agent.handleDatagram(Self.request(to: agent, extra: [.iceControlling(tieBreaker: 1)]), now: .zero)
        #expect(agent.selectedPair == nil)
        #expect(agent.connectionState == .checking)
        agent.handleDatagram(Self.request(to: agent, extra: [.iceControlling(tieBreaker: 1), .useCandidate], id: 8), now: .milliseconds(20))
        #expect(agent.selectedPair?.local == Self.local)
        #expect(agent.selectedPair?.remote == Self.peer)
        #expect(agent.connectionState == .connected)
        #expect(agent.stats.requestsSent == 0)
    }

    @Test func controlledFullAgentWaitsForItsOwnCheckBeforeSelecting() throws {
        let agent = Self.agent(.controlled)
        agent.addRemoteCandidate(try Candidate(attribute: "candidate:1 1 udp 2122317823 10.0.0.2 6000 typ host"))
        agent.handleDatagram(Self.request(to: agent, extra: [.iceControlling(tieBreaker: 1), .useCandidate]), now: .zero)
        #expect(agent.selectedPair == nil)
        // Its triggered check goes out; answering it makes the nominated pair valid and selected.
        agent.handleTimeout(now: .zero)
        var check: STUNMessage?
        var checkDatagram: Datagram?
        while let output = agent.pollOutput() {
            if case let .transmit(datagram) = output, let message = try? STUNMessage(bytes: datagram.payload), message.messageClass == .request {
                check = message
                checkDatagram = datagram
            }
        }
        let request = try #require(check)
        #expect(request.username == "peer:" + agent.configuration.localCredentials.ufrag)
        #expect(request.validatesIntegrity(key: Array(Self.peerCredentials.pwd.utf8)))
        #expect(request.iceControlled == 50)
        let response = STUNMessage(messageClass: .successResponse, transactionID: request.transactionID, attributes: [.xorMappedAddress(Self.local)])
        agent.handleDatagram(Datagram(source: try #require(checkDatagram).destination, destination: Self.local,
                                      payload: response.encoded(integrityKey: Array(Self.peerCredentials.pwd.utf8), addFingerprint: true)),
                             now: .milliseconds(1))
        #expect(agent.selectedPair?.remote == Self.peer)
        #expect(agent.stats.roundTripTime == .milliseconds(1))
    }
}
