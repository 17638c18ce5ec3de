import KaamosTestSupport
import Testing

/// Nothing listening, or a name that does not resolve: exit 4, and the step says which.
struct UnreachableServerTests {
    @Test func closedPortFailsAtConnect() throws {
        let port = try FreePort.forUDPAndTCP()
        for url in ["turn:127.0.0.1:\(port)", "turn:127.0.0.1:\(port)?transport=tcp", "turns:127.0.0.1:\(port)"] {
            let run = try TURNCheckRun([url, "--user", "u", "--password", "p", "--timeout", "2", "--json"])
            run.expectFailure(step: "connect", status: 4, mentioning: ["127.0.0.1:\(port)"], server: nil)
        }
    }

    @Test func unknownHostFailsAtResolve() throws {
        let run = try TURNCheckRun(["turn:no-such-host.invalid", "--user", "u", "--password", "p", "--json"])
        run.expectFailure(step: "resolve", status: 4, mentioning: ["no-such-host.invalid"], server: nil)
    }

    @Test func badUsageExits64() throws {
        for arguments in [["stun:127.0.0.1"], ["turn:127.0.0.1"], ["turn:127.0.0.1:0", "--user", "u", "--password", "p"],
                          ["turns:127.0.0.1", "--transport", "udp", "--user", "u", "--password", "p"]] {
            let run = try TURNCheckRun(arguments)
            #expect(run.status == 64, "\(arguments): \(run.description)")
            #expect(run.stderr.contains("Error:"), "\(arguments): \(run.description)")
        }
    }
}
