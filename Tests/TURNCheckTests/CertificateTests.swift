import KaamosTestSupport
import Testing

/// turns: verifies the server's certificate unless told otherwise.
@Suite(.enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct CertificateTests {
    @Test func untrustedCertificateFailsAtConnect() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"), tls: true)
        let run = try TURNCheckRun(["turns:127.0.0.1:\(server.tlsPort!)", "--user", "kaamos", "--password", "relay-me", "--json"])
        run.expectFailure(step: "connect", status: 4, mentioning: ["not trusted", "--ca-file"], server: server)
    }

    @Test func insecureAcceptsItWithAWarning() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"), tls: true)
        let run = try TURNCheckRun(["turns:localhost:\(server.tlsPort!)", "--insecure", "--user", "kaamos", "--password", "relay-me",
                                    "--count", "2", "--json"])
        #expect(run.status == 0, "\(run.description)")
        #expect(run.stderr.contains("warning: --insecure"))
    }
}
