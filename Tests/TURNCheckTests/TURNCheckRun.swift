import Foundation
import KaamosTestSupport
import Testing

/// One run of the built `kaamos-tui turn-check`, with its JSON report parsed.
struct TURNCheckRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var report: [String: Any]

    init(_ arguments: [String]) throws {
        let binary = try #require(TmuxSession.programPath(), "the kaamos-tui binary was not built")
        let result = try ChildProcess.run([binary, "turn-check"] + arguments, timeout: 60)
        status = result.status
        stdout = result.stdout
        stderr = result.stderr
        report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    var ok: Bool { report["ok"] as? Bool == true }
    var failedStep: String? { report["failed_step"] as? String }
    var sent: Int { report["sent"] as? Int ?? 0 }
    var received: Int { report["received"] as? Int ?? 0 }

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// Checks a passing run: an allocation, both paths echoed, a round trip measured.
    func expectSuccess(against server: Coturn, transport: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let passed = status == 0 && ok && report["relayed"] is String && report["mapped"] is String
            && (report["allocate_ms"] as? Double).map { $0 > 0 } == true
            && (report["rtt_ms"] as? [String: Any])?["avg"] is Double
            && report["transport"] as? String == transport
            && received > 0 && sent == 20
            && ((report["send_indication"] as? [String: Any])?["received"] as? Int ?? 0) > 0
            && ((report["channel_data"] as? [String: Any])?["received"] as? Int ?? 0) > 0
        if !passed { server.keepLog = true }
        #expect(passed, "\(description)\n\(server.logSummary)", sourceLocation: sourceLocation)
    }

    /// Checks a failing run: the exit status, the step named in the report and in stderr's one line.
    func expectFailure(step: String, status expected: Int32, mentioning words: [String], server: Coturn?,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = stderr.split(separator: "\n").map(String.init).filter { !$0.contains("warning:") }
        let failed = status == expected && !ok && failedStep == step && lines.count == 1
            && lines[0].hasPrefix("kaamos-tui: turn-check failed at \(step): ")
            && words.allSatisfy { stderr.contains($0) }
        if !failed { server?.keepLog = true }
        #expect(failed, "\(description)\n\(server?.logSummary ?? "")", sourceLocation: sourceLocation)
    }
}
