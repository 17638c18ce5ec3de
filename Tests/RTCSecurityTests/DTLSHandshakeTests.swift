import Testing
import RTCBase
@testable import RTCSecurity

@Suite struct DTLSHandshakeTests {
    static func expectCrosswiseKeys(_ link: SimulatedDTLSLink) {
        let client = link.keys(.client)
        let server = link.keys(.server)
        #expect(client != nil && server != nil, "client \(link.failure(.client).map { "\($0)" } ?? "-"), server \(link.failure(.server).map { "\($0)" } ?? "-")")
        guard let client, let server else { return }
        #expect(client.profile == .aeadAes128Gcm, "GCM is offered first")
        #expect(client.profile == server.profile)
        #expect(client.localKey == server.remoteKey)
        #expect(client.localSalt == server.remoteSalt)
        #expect(client.remoteKey == server.localKey)
        #expect(client.remoteSalt == server.localSalt)
        #expect(client.localKey != client.remoteKey)
        #expect(client.localKey.count == 16 && client.localSalt.count == 12)
    }

    @Test func completesOnAPerfectLink() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        link.runUntilSettled()
        Self.expectCrosswiseKeys(link)
        #expect(link.client.isConnected && link.server.isConnected)
        // Two round trips of 10 ms one way each: no retransmission was needed.
        #expect(link.now < .milliseconds(100))
        #expect(link.sent.count < 12)
        #expect(link.client.nextTimeout() == nil && link.server.nextTimeout() == nil, "no flight awaits an answer")
    }

    @Test func completesWhenTheFirstFlightsAreLost() throws {
        let link = try SimulatedDTLSLink.make()
        // Drop the ClientHello and, later, the server's whole first flight.
        var serverFirstFlightEnds: Instant?
        link.filter = { [unowned link] side, index, _ in
            if side == .client { return index != 0 }
            if serverFirstFlightEnds == nil { serverFirstFlightEnds = link.now }
            return link.now != serverFirstFlightEnds
        }
        link.start()
        link.runUntilSettled()
        Self.expectCrosswiseKeys(link)
        #expect(link.sent.contains { !$0.delivered && $0.from == .server })
        #expect(link.sent.contains { !$0.delivered && $0.from == .client })
    }

    /// 30% independent loss each way, 40 seeds. A handshake can still fail with bad luck: the last
    /// flight (server ChangeCipherSpec + Finished) is only resent when a client retransmission
    /// arrives, and six retransmissions bound the wait (about 2.5% of seeds fail over 200 tried).
    @Test func completesWithThirtyPercentLoss() throws {
        var completed = 0
        for seed in UInt64(1)...40 {
            let link = try SimulatedDTLSLink.make()
            link.lossRate = 0.3
            link.random = SeededRandom(seed: seed)
            link.start()
            link.runUntilSettled()
            if link.keys(.client) != nil, link.keys(.server) != nil {
                completed += 1
                Self.expectCrosswiseKeys(link)
            } else {
                #expect(link.failure(.client) == .timedOut(retransmissions: 6) || link.failure(.server) == .timedOut(retransmissions: 6),
                        "seed \(seed) may only fail by timing out")
            }
        }
        #expect(completed >= 36, "\(completed) of 40 completed")
    }

    @Test func srtpKeyedFromBothSidesInteroperates() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        link.runUntilSettled()
        let client = try #require(link.keys(.client))
        let server = try #require(link.keys(.server))
        let sender = try SRTPSession(profile: client.profile, key: client.localKey, salt: client.localSalt, direction: .outbound)
        let receiver = try SRTPSession(profile: server.profile, key: server.remoteKey, salt: server.remoteSalt, direction: .inbound)
        let plain: [UInt8] = [0x80, 0x60, 0, 1, 0, 0, 0, 1, 0xaa, 0xbb, 0xcc, 0xdd] + Array(repeating: 0x33, count: 50)
        var packet = plain
        try sender.protectRTP(&packet)
        try receiver.unprotectRTP(&packet)
        #expect(packet == plain)
    }

    @Test func serverMayStartAfterTheClientHelloArrives() throws {
        let link = try SimulatedDTLSLink.make()
        link.client.start(now: link.now)
        link.runUntilSettled()
        Self.expectCrosswiseKeys(link)
    }

    @Test func applicationDataFlowsBothWays() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        link.runUntilSettled()
        try link.client.sendApplicationData(Array("hello".utf8))
        try link.server.sendApplicationData(Array("world".utf8))
        link.run(until: link.now + .milliseconds(50))
        #expect(link.events[.server]!.contains(.applicationData(Array("hello".utf8))))
        #expect(link.events[.client]!.contains(.applicationData(Array("world".utf8))))
    }

    @Test func sendingBeforeConnectingIsRefused() throws {
        let link = try SimulatedDTLSLink.make()
        #expect(throws: DTLSError.notConnected) { try link.client.sendApplicationData([1]) }
    }

    @Test func ignoresGarbageWithoutTrapping() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        var random = SeededRandom(seed: 99)
        for length in [1, 2, 13, 14, 25, 100, 1500] {
            var bytes = random.bytes(length)
            bytes[0] = 22 // looks like a handshake record
            link.server.handleDatagram(bytes, now: link.now)
            link.drain()
        }
        link.runUntilSettled()
        // Garbage is dropped (DTLS discards invalid records) or fails cleanly; it never traps.
        #expect(link.isSettled(.server))
    }
}
