import Foundation
import Testing
@testable import KaamosServer

/// `--redirect-http`: plain HTTP answered with 308 to the same path and query over HTTPS.
@Suite struct HTTPSRedirectTests {
    @Test func theRedirectListenerAnswers308ToTheHTTPSURLWithoutHSTS() async throws {
        let certificate = try TestCertificates.make()
        let live = try await TLSTestServer.start(store: TLSCertificateStore(certificate: certificate, source: .generated), redirect: true)
        let redirectPort = try #require(live.redirectPort)

        let answer = try await TestHTTPS.request("http://127.0.0.1:\(redirectPort)/api/rooms/Ab3dE6gH9k?x=1&y=%20z")
        #expect(answer.status == 308)
        #expect(answer.header("Location") == "https://127.0.0.1:\(live.port)/api/rooms/Ab3dE6gH9k?x=1&y=%20z")
        #expect(answer.header("Strict-Transport-Security") == nil)

        // The method survives a 308: a POST lands on the API as a POST.
        let post = try await TestHTTPS.request("http://localhost:\(redirectPort)/api/rooms/create", method: "POST", body: "{}")
        #expect(post.status == 308)
        let location = try #require(post.header("Location"))
        #expect(location == "https://localhost:\(live.port)/api/rooms/create")
        let followed = try await TestHTTPS.request(location, method: "POST", body: "{}", tls: try TestCertificates.trusting(certificate))
        #expect(followed.status == 201)
        await live.stop()
    }

    @Test func theLocationKeepsTheHostAndUsesTheHTTPSPort() {
        let redirect = HTTPSRedirect(publicURL: nil, httpsPort: { 8443 }, fallbackHost: "0.0.0.0")
        #expect(redirect.location(for: "kaamos.example:8080", pathAndQuery: "/room/Ab3dE6gH9k") == "https://kaamos.example:8443/room/Ab3dE6gH9k")
        #expect(redirect.location(for: "[::1]:8080", pathAndQuery: "/a?b=c") == "https://[::1]:8443/a?b=c")
        #expect(redirect.location(for: "kaamos.example", pathAndQuery: "/") == "https://kaamos.example:8443/")
        #expect(redirect.location(for: nil, pathAndQuery: "/health") == "https://0.0.0.0:8443/health")
        let standard = HTTPSRedirect(publicURL: nil, httpsPort: { 443 }, fallbackHost: "x")
        #expect(standard.location(for: "kaamos.example:80", pathAndQuery: "/x") == "https://kaamos.example/x")
        let public_ = HTTPSRedirect(publicURL: "https://kaamos.example.com/", httpsPort: { 8443 }, fallbackHost: "x")
        #expect(public_.location(for: "10.0.0.5:80", pathAndQuery: "/room/Ab3dE6gH9k?a=1") == "https://kaamos.example.com/room/Ab3dE6gH9k?a=1")
    }
}
