import Foundation
import Hummingbird
import HummingbirdTesting
import NIOSSL
import Testing
@testable import KaamosServer

/// HTTPS and WSS on one port: the API, signaling, HSTS, and a client that does not trust the
/// certificate being refused.
@Suite struct TLSServingTests {
    @Test func theAPIAnswersOverHTTPSWithHSTSAndHTTPSRoomLinks() async throws {
        let certificate = try TestCertificates.make()
        let live = try await TLSTestServer.start(store: TLSCertificateStore(certificate: certificate, source: .generated))
        let trust = try TestCertificates.trusting(certificate)

        let created = try await TestHTTPS.request("https://localhost:\(live.port)/api/rooms/create", method: "POST", body: "{}", tls: trust)
        #expect(created.status == 201)
        #expect(created.header("Strict-Transport-Security") == "max-age=31536000")
        let url = JSON.object(created.body)["url"] as? String ?? ""
        #expect(url.hasPrefix("https://localhost:\(live.port)/room/"), "room links follow the listener's scheme: \(url)")

        // Errors carry it too: a browser must not learn "plain HTTP is fine" from a 404.
        let missing = try await TestHTTPS.request("https://localhost:\(live.port)/api/rooms/AAAAAAAAAA", tls: trust)
        #expect(missing.status == 404)
        #expect(missing.header("Strict-Transport-Security") == "max-age=31536000")
        let unrouted = try await TestHTTPS.request("https://localhost:\(live.port)/no/such/page", tls: trust)
        #expect(unrouted.header("Strict-Transport-Security") != nil)
        await live.stop()
    }

    @Test func signalingRunsOverWSS() async throws {
        let certificate = try TestCertificates.make()
        let live = try await TLSTestServer.start(store: TLSCertificateStore(certificate: certificate, source: .generated))
        let roomID = try live.server.hub.createRoom(creatorUserID: nil, clientKey: "test").id
        let socket = TestSocket(port: live.port, path: "/ws/\(roomID)", tls: try TestCertificates.trusting(certificate))
        socket.send(#"{"type":"join","room_id":"\#(roomID)","user_id":"u1","name":"alice"}"#)
        let joined = try await socket.next("joined")
        #expect(joined["participant_id"] as? String != nil)
        socket.close()
        _ = try await socket.closed()
        await live.stop()
    }

    @Test func aClientThatDoesNotTrustTheCertificateIsRefused() async throws {
        let live = try await TLSTestServer.start(store: TLSCertificateStore(certificate: try TestCertificates.make(), source: .generated))
        // The system's CAs know nothing of a certificate made a moment ago.
        await #expect(throws: (any Error).self) {
            _ = try await TestHTTPS.request("https://localhost:\(live.port)/health", tls: .makeClientConfiguration())
        }
        // Plain HTTP on the TLS port gets no answer, certainly not a page.
        await #expect(throws: (any Error).self) {
            _ = try await TestHTTPS.request("http://127.0.0.1:\(live.port)/health")
        }
        await live.stop()
    }

    @Test func plainHTTPAnswersCarryNoHSTS() async throws {
        let server = TestServer()
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
        }
    }
}
