import KaamosTestSupport
import Testing

/// turn-check against coturn with a long-term user (--lt-cred-mech), over UDP, TCP and TLS.
@Suite(.enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct StaticUserTests {
    @Test func passesOverUDPTCPAndTLS() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"), tls: true)
        let credentials = ["--user", "kaamos", "--password", "relay-me", "--json"]
        try TURNCheckRun(["turn:127.0.0.1:\(server.port)"] + credentials).expectSuccess(against: server, transport: "udp")
        try TURNCheckRun(["turn:127.0.0.1:\(server.port)?transport=tcp"] + credentials).expectSuccess(against: server, transport: "tcp")
        let tls = try TURNCheckRun(["turns:127.0.0.1:\(server.tlsPort!)", "--ca-file", server.certificatePath!] + credentials)
        tls.expectSuccess(against: server, transport: "tls")
    }

    @Test func transportFlagOverridesTheURL() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"))
        let run = try TURNCheckRun(["127.0.0.1:\(server.port)", "--transport", "tcp", "--user", "kaamos", "--password", "relay-me",
                                    "--count", "3", "--json"])
        #expect(run.status == 0, "\(run.description)")
        #expect(run.report["transport"] as? String == "tcp")
        #expect(run.sent == 6)
    }

    @Test func textReportNamesTheAddresses() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"))
        let run = try TURNCheckRun(["turn:127.0.0.1:\(server.port)", "--user", "kaamos", "--password", "relay-me", "--count", "2"])
        #expect(run.status == 0, "\(run.description)")
        for label in ["relayed          127.0.0.1:", "mapped           127.0.0.1:", "allocate ", "send indication  2/2", "channel data     2/2", "result           ok"] {
            #expect(run.stdout.contains(label), "\(label) missing from:\n\(run.stdout)")
        }
    }
}
