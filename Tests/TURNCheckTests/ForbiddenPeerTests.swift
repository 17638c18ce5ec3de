import KaamosTestSupport
import Testing

/// coturn refuses loopback peers unless told to allow them: the check stops at the permission step.
@Suite(.enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct ForbiddenPeerTests {
    @Test func loopbackPeerRefusedFailsAtPermission() throws {
        let server = try Coturn(.user("kaamos", password: "relay-me"), allowLoopbackPeers: false)
        let run = try TURNCheckRun(["turn:127.0.0.1:\(server.port)", "--user", "kaamos", "--password", "relay-me", "--json"])
        run.expectFailure(step: "permission", status: 1, mentioning: ["403", "will not relay to 127.0.0.1"], server: server)
    }
}
