import RTCBase
import Testing
@testable import RTCTURN
import RTCSTUN

/// Allocate with long-term credentials: the 401 dance, stale nonces and refusals.
@Suite struct TURNAllocationTests {
    @Test func unauthorizedThenSignedAllocateSucceeds() throws {
        let harness = TURNHarness()
        harness.start()
        let allocates = harness.server.requests(.allocate)
        #expect(allocates.count == 2)
        #expect(!allocates[0].hasMessageIntegrity)
        #expect(allocates[0].requestedTransport == 17)
        #expect(allocates[1].username == "alice")
        #expect(allocates[1].realm == "kaamos")
        #expect(allocates[1].nonce == "nonce-0")
        #expect(allocates[1].hasFingerprint)
        #expect(allocates[0].transactionID != allocates[1].transactionID)
        #expect(harness.allEvents == [.allocated(relayed: harness.server.relayedAddress, mapped: harness.server.clientAddress)])
        #expect(harness.client.state == .allocated)
        #expect(harness.client.relayedAddress == harness.server.relayedAddress)
        #expect(harness.client.mappedAddress == harness.server.clientAddress)
        #expect(harness.client.lifetime == .seconds(600))
        #expect(harness.client.allocationTime == .zero)
    }

    @Test func relayAddressFamilyIsAskedForWhenConfigured() {
        let plain = TURNHarness()
        plain.start()
        #expect(plain.server.requests(.allocate).allSatisfy { !$0.turnAttributes.contains(.requestedAddressFamily(2)) })
        let ipv6 = TURNHarness { $0.relayAddressFamily = .ipv6 }
        ipv6.start()
        #expect(ipv6.server.requests(.allocate).allSatisfy { $0.turnAttributes.contains(.requestedAddressFamily(2)) })
    }

    @Test func wrongPasswordFailsAtTheAuthStep() {
        let harness = TURNHarness(password: "wrong")
        harness.start()
        #expect(harness.server.requests(.allocate).count == 2)
        #expect(harness.failures.count == 1)
        #expect(harness.failures.first?.step == .auth)
        #expect(harness.failures.first?.reason.contains("username or password is wrong") == true)
        #expect(harness.failures.first?.reason.contains("401") == true)
        #expect(harness.client.state == .failed)
        #expect(harness.client.nextTimeout() == nil)
    }

    @Test func staleNonceIsRetriedWithTheNewNonce() {
        let harness = TURNHarness()
        harness.server.staleNonceAnswers = 2
        harness.start()
        let allocates = harness.server.requests(.allocate)
        #expect(allocates.map(\.nonce) == [nil, "nonce-0", "nonce-1", "nonce-2"])
        #expect(harness.client.state == .allocated)
    }

    @Test func endlessStaleNoncesGiveUp() {
        let harness = TURNHarness()
        harness.server.staleNonceAnswers = 100
        harness.start()
        #expect(harness.server.requests(.allocate).count == 5)  // unsigned, signed, and 3 retries
        #expect(harness.failures.first?.step == .allocate)
        #expect(harness.failures.first?.reason.contains("438") == true)
    }

    @Test func unexpectedRealmIsRefused() {
        let harness = TURNHarness { $0.realm = "elsewhere" }
        harness.start()
        #expect(harness.failures.first?.step == .auth)
        #expect(harness.failures.first?.reason.contains("\"kaamos\"") == true)
    }

    @Test func refusalsNameTheirMeaning() {
        let cases: [(Int, String, TURNStep, String)] = [
            (403, "Forbidden", .allocate, "forbids this user"),
            (437, "Allocation Mismatch", .allocate, "already holds an allocation"),
            (441, "Wrong Credentials", .auth, "credentials differ"),
            (486, "Allocation Quota Reached", .allocate, "quota"),
            (508, "Insufficient Capacity", .allocate, "no capacity"),
            (599, "", .allocate, "does not know"),
        ]
        for (code, reason, step, words) in cases {
            let harness = TURNHarness()
            harness.server.forcedErrors[.allocate] = (code, reason)
            harness.start()
            #expect(harness.failures.count == 1)
            #expect(harness.failures.first?.step == step, "code \(code)")
            #expect(harness.failures.first?.reason.contains(words) == true, "code \(code): \(harness.failures.first?.reason ?? "")")
            #expect(harness.failures.first?.reason.contains("\(code)") == true)
            #expect(harness.client.state == .failed)
        }
    }

    @Test func successWithoutRelayedAddressIsAnError() {
        let missing = TURNHarness()
        missing.client.start(now: .zero)
        // Hand-made success without XOR-RELAYED-ADDRESS to the first (unsigned) request.
        guard case let .send(bytes)? = missing.client.pollOutput(), let request = try? STUNMessage(bytes: bytes) else {
            Issue.record("no Allocate sent")
            return
        }
        let response = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: request.transactionID)
        missing.client.handleIncoming(response.encoded(integrityKey: nil, addFingerprint: false), now: .zero)
        #expect(missing.failures.isEmpty)
        missing.pump()
        #expect(missing.failures.first?.step == .allocate)
        #expect(missing.failures.first?.reason.contains("XOR-RELAYED-ADDRESS") == true)
    }

    @Test func forgedSuccessWithoutIntegrityIsIgnoredOverUDP() throws {
        let harness = TURNHarness()
        harness.serverReachable = false
        harness.start()
        // The unsigned Allocate went nowhere; answer it by hand with a 401 so the next one is signed.
        let first = try #require(harness.sentRequests.first?.message)
        let challenge = STUNMessage(messageClass: .errorResponse, method: .allocate, transactionID: first.transactionID, attributes: [
            .errorCode(code: 401, reason: "Unauthorized"),
            TURNAttribute.realm("kaamos").stunAttribute(transactionID: first.transactionID),
            TURNAttribute.nonce("n").stunAttribute(transactionID: first.transactionID),
        ])
        harness.client.handleIncoming(challenge.encoded(integrityKey: nil, addFingerprint: false), now: harness.now)
        harness.pump()
        let signed = try #require(harness.sentRequests.last?.message)
        #expect(signed.hasMessageIntegrity)
        let forged = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: signed.transactionID, attributes: [
            TURNAttribute.xorRelayedAddress(TransportAddress("6.6.6.6:6666")!).stunAttribute(transactionID: signed.transactionID),
        ])
        harness.client.handleIncoming(forged.encoded(integrityKey: [1, 2, 3], addFingerprint: true), now: harness.now)
        harness.pump()
        #expect(harness.client.state == .allocating)
        #expect(harness.client.stats.integrityFailures == 1)
        #expect(harness.allEvents.isEmpty)
    }
}
