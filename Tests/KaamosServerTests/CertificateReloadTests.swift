import Foundation
import Logging
import Testing
@testable import KaamosServer

/// A reload (SIGHUP) gives new connections the new certificate while open calls go on; a
/// certificate that cannot be served leaves the old one in place.
@Suite struct CertificateReloadTests {
    @Test func newConnectionsGetTheNewCertificateWhileAnOpenWebSocketStaysOpen() async throws {
        let directory = TestCertificates.temporaryDirectory()
        let first = try TestCertificates.make()
        let paths = try TestCertificates.write(first, to: directory)
        let store = try TLSCertificateStore.load(certificatePath: paths.certificate, keyPath: paths.key)
        let live = try await TLSTestServer.start(store: store)
        #expect(try await PresentedLeaf.der(port: live.port) == TestCertificates.der(first))

        let roomID = try live.server.hub.createRoom(creatorUserID: nil, clientKey: "test").id
        let alice = TestSocket(port: live.port, path: "/ws/\(roomID)", tls: try TestCertificates.trusting(first))
        alice.send(#"{"type":"join","room_id":"\#(roomID)","user_id":"alice","name":"alice"}"#)
        _ = try await alice.next("joined")

        let second = try TestCertificates.make()
        try TestCertificates.write(second, to: directory)
        var logger = Logger(label: "reload-test")
        logger.logLevel = .critical
        CertificateReloadService(store: store, logger: logger).reload()
        #expect(try await PresentedLeaf.der(port: live.port) == TestCertificates.der(second))

        // A newcomer trusting only the new certificate gets in, and alice, on the connection
        // made with the old one, hears about it: her WebSocket was not dropped.
        let bob = TestSocket(port: live.port, path: "/ws/\(roomID)", tls: try TestCertificates.trusting(second))
        bob.send(#"{"type":"join","room_id":"\#(roomID)","user_id":"bob","name":"bob"}"#)
        _ = try await bob.next("joined")
        let arrival = try await alice.next("participant-joined")
        #expect((arrival["participant"] as? [String: Any])?["name"] as? String == "bob")
        alice.send(#"{"type":"chat","text":"still here"}"#)
        #expect(try await bob.next("chat")["text"] as? String == "still here")
        alice.close()
        bob.close()
        await live.stop()
    }

    @Test func aReloadThatCannotBeServedKeepsTheOldCertificate() async throws {
        let directory = TestCertificates.temporaryDirectory()
        let first = try TestCertificates.make()
        let paths = try TestCertificates.write(first, to: directory)
        let store = try TLSCertificateStore.load(certificatePath: paths.certificate, keyPath: paths.key)
        let live = try await TLSTestServer.start(store: store)

        // A new certificate beside the old key (a deploy hook that copied one file of two).
        try TestCertificates.make().certificatePEM.write(toFile: paths.certificate, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.keyMismatch(certificatePath: paths.certificate, keyPath: paths.key)) { try store.reload() }
        #expect(try await PresentedLeaf.der(port: live.port) == TestCertificates.der(first))

        try "not a certificate\n".write(toFile: paths.certificate, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.noCertificate(path: paths.certificate)) { try store.reload() }
        try FileManager.default.removeItem(atPath: paths.certificate)
        #expect(throws: TLSCertificateError.unreadable(path: paths.certificate, reason: "no such file")) { try store.reload() }
        #expect(try await PresentedLeaf.der(port: live.port) == TestCertificates.der(first))
        // And the server still answers over the old certificate.
        let health = try await TestHTTPS.request("https://localhost:\(live.port)/health", tls: try TestCertificates.trusting(first))
        #expect(health.status == 200)
        await live.stop()
    }

    @Test func aSelfSignedCertificateHasNothingToReload() throws {
        let store = TLSCertificateStore(certificate: try TestCertificates.make(), source: .generated)
        guard case .nothingToReload = try store.reload() else {
            Issue.record("a generated certificate was reloaded")
            return
        }
    }
}
