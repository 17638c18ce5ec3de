import ClientCore
import KaamosTestSupport
import Testing

/// `turns:`: both relay-only peers reach coturn over TLS, trusting its test certificate through the
/// call's `--ca-file` trust; without that trust the probe fails and says why.
@Suite(.serialized, .enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct RelayedOverTLSProbeTests {
    @Test func relayOnlyProbeReachesTURNOverTLS() async throws {
        let coturn = try Coturn(.sharedSecret(RelayOnlyProbe.secret), tls: true)
        let tlsPort = try #require(coturn.tlsPort)
        let report = try await RelayOnlyProbe.run(turnURL: "turns:127.0.0.1:\(tlsPort)",
                                                  trust: .certificateAuthority(path: try #require(coturn.certificatePath)))
        #expect(report.ok, "\(report.errors)")
        #expect(report.candidate_type == "relay")
        #expect(try #require(report.video_fps) > 15)
        #expect(try #require(report.loss_pct) < 5)
        let relayed = try await RelayOnlyProbe.relayedBytes(coturn)
        if relayed < 100_000 { coturn.keepLog = true }
        #expect(relayed >= 100_000, "coturn relayed \(relayed) bytes\n\(coturn.logSummary)")
        #expect(coturn.log.contains("TLS"), "\(coturn.logSummary)")
        print("relay over tls: joined \(report.join.joined_ms ?? -1) ms, ice \(report.join.ice_ms ?? -1) ms, dtls \(report.join.dtls_ms ?? -1) ms, rtt \(report.rtt_ms ?? -1) ms, fps \(report.video_fps ?? 0), loss \(report.loss_pct ?? 0) %, coturn relayed \(relayed) bytes")
    }

    @Test func untrustedCertificateFailsTheRelayOnlyProbeClearly() async throws {
        let coturn = try Coturn(.sharedSecret(RelayOnlyProbe.secret), tls: true)
        let tlsPort = try #require(coturn.tlsPort)
        let report = try await RelayOnlyProbe.run(turnURL: "turns:127.0.0.1:\(tlsPort)", duration: .seconds(1))
        #expect(!report.ok)
        #expect(report.errors.contains { $0.contains("TURN server 127.0.0.1:\(tlsPort) over tls") && $0.contains("is not trusted") },
                "\(report.errors)")
    }
}
