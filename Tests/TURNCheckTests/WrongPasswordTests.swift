import KaamosTestSupport
import Testing

/// A wrong long-term password is refused at the auth step, over every transport.
@Suite(.enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct WrongPasswordTests {
    @Test func failsAtAuthNamingTheCause() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"), tls: true)
        let credentials = ["--user", "kaamos", "--password", "guess", "--json"]
        for url in ["turn:127.0.0.1:\(server.port)", "turn:127.0.0.1:\(server.port)?transport=tcp"] {
            let run = try TURNCheckRun([url] + credentials)
            run.expectFailure(step: "auth", status: 1, mentioning: ["username or password is wrong", "401"], server: server)
        }
        let tls = try TURNCheckRun(["turns:127.0.0.1:\(server.tlsPort!)", "--ca-file", server.certificatePath!] + credentials)
        tls.expectFailure(step: "auth", status: 1, mentioning: ["401"], server: server)
    }
}
