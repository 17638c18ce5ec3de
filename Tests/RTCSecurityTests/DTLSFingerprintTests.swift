import Testing
import RTCBase
@testable import RTCSecurity

@Suite struct DTLSFingerprintTests {
    @Test func mismatchFailsWithOneClearSentence() throws {
        let wrong = CertificateFingerprint(algorithm: "sha-256", digest: Array(repeating: 0xab, count: 32))
        let link = try SimulatedDTLSLink.make(serverExpects: wrong)
        link.start()
        link.runUntilSettled()
        let error = try #require(link.failure(.server))
        guard case let .fingerprintMismatch(expected, actual) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(expected == wrong)
        #expect(actual.digest.count == 32 && actual != wrong)
        #expect(link.keys(.server) == nil)
        // The client, whose check passed, learns that the server hung up.
        link.run(until: link.now + .milliseconds(100))
        #expect(link.events[.client]!.last == .closed)
        let text = "\(error)"
        #expect(text.hasPrefix("The peer's DTLS certificate has fingerprint sha-256 "))
        #expect(text.contains("not the sha-256 AB:AB:"))
        #expect(text.hasSuffix("announced."))
        #expect(text.filter { $0 == "." }.count == 1, "one sentence: \(text)")
    }

    @Test func clientSideMismatchAlsoFails() throws {
        let wrong = CertificateFingerprint(algorithm: "sha-256", digest: Array(repeating: 1, count: 32))
        let link = try SimulatedDTLSLink.make(clientExpects: wrong)
        link.start()
        link.runUntilSettled()
        #expect({ if case .fingerprintMismatch = link.failure(.client) { return true } else { return false } }())
    }

    @Test func lateFingerprintHoldsBackConnected() throws {
        let link = try SimulatedDTLSLink.make(serverKnowsFingerprint: false)
        link.start()
        link.run(until: .milliseconds(2_000))
        #expect(link.keys(.client) != nil)
        #expect(link.keys(.server) == nil, "no keys before the peer is verified")
        #expect(link.failure(.server) == nil)
        // Data the verified client sends meanwhile waits until the server trusts it.
        try link.client.sendApplicationData([1, 2, 3])
        link.run(until: link.now + .milliseconds(50))
        #expect(!link.events[.server]!.contains(.applicationData([1, 2, 3])))
        link.server.setRemoteFingerprint(link.client.certificate.fingerprint)
        link.drain()
        let client = try #require(link.keys(.client))
        let server = try #require(link.keys(.server))
        #expect(client.localKey == server.remoteKey)
        #expect(Array(link.events[.server]!.suffix(2)) == [.connected(server), .applicationData([1, 2, 3])])
    }

    @Test func lateWrongFingerprintFails() throws {
        let link = try SimulatedDTLSLink.make(serverKnowsFingerprint: false)
        link.start()
        link.run(until: .milliseconds(1_000))
        link.server.setRemoteFingerprint(link.server.certificate.fingerprint)
        link.drain()
        #expect({ if case .fingerprintMismatch = link.failure(.server) { return true } else { return false } }())
    }

    @Test func otherHashFunctionsAreCompared() throws {
        let serverCertificate = try DTLSCertificate.generate()
        let sha1 = try DTLSCertificate.fingerprint(of: serverCertificate.der, algorithm: "sha-1")
        #expect(sha1.digest.count == 20)
        let sha512 = try DTLSCertificate.fingerprint(of: serverCertificate.der, algorithm: "SHA-512")
        #expect(sha512.digest.count == 64)
        #expect(throws: DTLSError.unsupportedFingerprintAlgorithm("md5")) {
            _ = try DTLSCertificate.fingerprint(of: serverCertificate.der, algorithm: "md5")
        }
    }
}
