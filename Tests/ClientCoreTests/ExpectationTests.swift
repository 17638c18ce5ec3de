import ClientCore
import Testing

@Suite struct ExpectationTests {
    static let report = ProbeReport(
        ok: true, room_id: "Ab3dE6gH9k",
        join: .init(ws_ms: 10, joined_ms: 20, ice_ms: 30, dtls_ms: 40, first_audio_ms: 50, first_video_ms: 60),
        rtt_ms: 1.5, jitter_ms: 2, loss_pct: 0.5, video_fps: 29.8, freezes: 0, e2e_latency_ms: 12,
        bitrate_kbps: .init(sent: 600, received: 590), errors: [])

    @Test func parsesOperatorsAndNames() throws {
        let expectation = try Expectation(parsing: "first_video_ms<=1000")
        #expect(expectation.name == "first_video_ms" && expectation.op == .lessOrEqual && expectation.value == 1000)
        #expect(try Expectation(parsing: "loss_pct < 1").op == .less)
        #expect(try Expectation(parsing: "video_fps>=25").op == .greaterOrEqual)
        for bad in ["", "loss_pct", "<1", "loss_pct<abc", "loss_pct=1"] {
            #expect(throws: ExpectationError.self, "\(bad)") { try Expectation(parsing: bad) }
        }
    }

    @Test func evaluatesAgainstAReportAndNamesTheFailure() throws {
        #expect(try Expectation(parsing: "first_video_ms<1000").failure(in: Self.report) == nil)
        #expect(try Expectation(parsing: "join.first_video_ms<1000").failure(in: Self.report) == nil)
        #expect(try Expectation(parsing: "loss_pct<1").failure(in: Self.report) == nil)
        let failed = try #require(try Expectation(parsing: "video_fps>=30").failure(in: Self.report))
        #expect(failed.contains("video_fps") && failed.contains("29.8"))
        #expect(try Expectation(parsing: "no_such_field<1").failure(in: Self.report)?.contains("no such field") == true)
        var unmeasured = Self.report
        unmeasured.e2e_latency_ms = nil
        #expect(try Expectation(parsing: "e2e_latency_ms<100").failure(in: unmeasured)?.contains("not measured") == true)
    }
}
