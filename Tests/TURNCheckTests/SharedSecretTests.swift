import KaamosTestSupport
import Testing

/// turn-check with TURN REST credentials derived from coturn's static-auth-secret.
@Suite(.enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct SharedSecretTests {
    @Test func passesOverUDPTCPAndTLS() throws {
        let server = try Coturn(.sharedSecret("north-wind"), tls: true)
        let credentials = ["--user", "alice", "--secret", "north-wind", "--json"]
        try TURNCheckRun(["turn:127.0.0.1:\(server.port)"] + credentials).expectSuccess(against: server, transport: "udp")
        try TURNCheckRun(["turn:127.0.0.1:\(server.port)?transport=tcp"] + credentials).expectSuccess(against: server, transport: "tcp")
        let tls = try TURNCheckRun(["turns:127.0.0.1:\(server.tlsPort!)", "--ca-file", server.certificatePath!] + credentials)
        tls.expectSuccess(against: server, transport: "tls")
        #expect(server.log.contains(":alice"), "coturn saw the REST username")
    }

    @Test func expiredCredentialFailsAtAuth() throws {
        let server = try Coturn(.sharedSecret("north-wind"))
        let run = try TURNCheckRun(["turn:127.0.0.1:\(server.port)", "--user", "alice", "--secret", "north-wind",
                                    "--credential-ttl", "-60", "--json"])
        run.expectFailure(step: "auth", status: 1, mentioning: ["401", "expired"], server: server)
    }

    @Test func wrongSecretFailsAtAuth() throws {
        let server = try Coturn(.sharedSecret("north-wind"))
        let run = try TURNCheckRun(["turn:127.0.0.1:\(server.port)?transport=tcp", "--user", "alice", "--secret", "south-wind", "--json"])
        run.expectFailure(step: "auth", status: 1, mentioning: ["401", "--secret"], server: server)
    }
}
