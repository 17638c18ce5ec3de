import Testing
import RTCBase
@testable import RTCSecurity

@Suite struct DTLSRetransmissionTests {
    @Test func followsTheVirtualClockAndGivesUp() throws {
        #expect(DTLSTransport.retransmissionUsesCallerClock)
        let link = try SimulatedDTLSLink.make()
        link.filter = { _, _, _ in false } // a black hole
        link.start()
        link.run(until: .milliseconds(30_000))
        let times = link.sent.filter { $0.from == .client }.map { $0.time.nanoseconds / 1_000_000 }
        // 100 ms initial, doubling, capped at 3 s, six retransmissions.
        #expect(times == [0, 100, 300, 700, 1500, 3100, 6100])
        #expect(link.failure(.client) == .timedOut(retransmissions: 6))
        #expect("\(DTLSError.timedOut(retransmissions: 6))" == "The peer stopped answering the DTLS handshake after 6 retransmissions.")
        #expect(link.client.nextTimeout() == nil)
        #expect(link.server.nextTimeout() == nil, "a server that heard nothing waits without a timer")
    }

    @Test func firstRetransmissionComesAtTheConfiguredTimeout() throws {
        let certificate = try DTLSCertificate.generate()
        let client = try DTLSTransport(role: .client, certificate: certificate, remoteFingerprint: nil,
                                       initialRetransmitTimeout: .milliseconds(250))
        let start = Instant.milliseconds(5_000)
        client.start(now: start)
        var first: [[UInt8]] = []
        while case let .transmit(bytes)? = client.pollOutput() { first.append(bytes) }
        #expect(first.count == 1, "one ClientHello")
        #expect(client.nextTimeout() == start + .milliseconds(250))
        client.handleTimeout(now: start + .milliseconds(249))
        #expect(client.pollOutput() == nil, "not due yet")
        client.handleTimeout(now: start + .milliseconds(250))
        guard case let .transmit(again)? = client.pollOutput() else {
            Issue.record("no retransmission at the deadline")
            return
        }
        // Same ClientHello body; only the record sequence number differs.
        #expect(again.count == first[0].count)
        #expect(Array(again.suffix(from: 13)) == Array(first[0].suffix(from: 13)))
        #expect(client.nextTimeout() == start + .milliseconds(750))
    }

    @Test(arguments: [1200, 300])
    func everyDatagramFitsTheMTU(mtu: Int) throws {
        let link = try SimulatedDTLSLink.make(mtu: mtu)
        link.lossRate = 0.2
        link.random = SeededRandom(seed: 5)
        link.start()
        link.runUntilSettled()
        #expect(link.keys(.client) != nil && link.keys(.server) != nil)
        #expect(!link.sent.isEmpty)
        for datagram in link.sent {
            #expect(datagram.bytes.count <= mtu, "\(datagram.from) sent \(datagram.bytes.count) bytes")
        }
        if mtu == 300 {
            #expect(link.sent.contains { $0.bytes.count > 250 }, "the certificate flight was fragmented to the MTU")
        }
    }
}
