import ClientCore
import KaamosTestSupport
import Testing

/// `turn:…?transport=tcp`: both relay-only peers reach coturn over TCP; media crosses the relay.
@Suite(.serialized, .enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct RelayedOverTCPProbeTests {
    @Test func relayOnlyProbeReachesTURNOverTCP() async throws {
        let coturn = try Coturn(.sharedSecret(RelayOnlyProbe.secret))
        let report = try await RelayOnlyProbe.run(turnURL: "turn:127.0.0.1:\(coturn.port)?transport=tcp")
        #expect(report.ok, "\(report.errors)")
        #expect(report.candidate_type == "relay")
        #expect(try #require(report.video_fps) > 15)
        #expect(try #require(report.loss_pct) < 5)
        let relayed = try await RelayOnlyProbe.relayedBytes(coturn)
        if relayed < 100_000 { coturn.keepLog = true }
        #expect(relayed >= 100_000, "coturn relayed \(relayed) bytes\n\(coturn.logSummary)")
        // coturn says which transport each session came in on.
        #expect(coturn.log.contains("TCP"), "\(coturn.logSummary)")
        print("relay over tcp: joined \(report.join.joined_ms ?? -1) ms, ice \(report.join.ice_ms ?? -1) ms, dtls \(report.join.dtls_ms ?? -1) ms, rtt \(report.rtt_ms ?? -1) ms, fps \(report.video_fps ?? 0), loss \(report.loss_pct ?? 0) %, coturn relayed \(relayed) bytes")
    }
}
