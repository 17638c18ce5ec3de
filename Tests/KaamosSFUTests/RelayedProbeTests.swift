import ClientCore
import Foundation
import KaamosNode
import KaamosSFU
import KaamosTestSupport
import Testing

/// Two `--relay-only` probe peers against the whole server in this process and a coturn of their
/// own, reached over UDP, TCP and TLS: the server hands out per-participant TURN credentials, media
/// crosses the relay, and coturn's own counters say so.
@Suite(.serialized, .enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct RelayedProbeTests {
    @Test(arguments: ["udp", "tcp", "tls"])
    func relayOnlyProbeSendsItsMediaThroughCoturn(transport: String) async throws {
        let coturn = try Coturn(.sharedSecret(RelayOnlyProbe.secret), tls: transport == "tls")
        let report: ProbeReport
        switch transport {
        case "tls":
            let tlsPort = try #require(coturn.tlsPort)
            // Calls trust turns: servers as they trust the Kaamos server (`--ca-file`).
            report = try await RelayOnlyProbe.run(turnURL: "turns:127.0.0.1:\(tlsPort)",
                                                  trust: .certificateAuthority(path: try #require(coturn.certificatePath)))
        case "tcp":
            report = try await RelayOnlyProbe.run(turnURL: "turn:127.0.0.1:\(coturn.port)?transport=tcp")
        default:
            report = try await RelayOnlyProbe.run(turnURL: "turn:127.0.0.1:\(coturn.port)")
        }
        #expect(report.ok, "\(report.errors)")
        #expect(report.candidate_type == "relay")
        #expect(try #require(report.video_fps) > 15)
        #expect(try #require(report.loss_pct) < 5)
        let relayed = try await RelayOnlyProbe.relayedBytes(coturn)
        if relayed < 100_000 { coturn.keepLog = true }
        // Three seconds of video and audio from each peer cross the relay twice (in and out).
        #expect(relayed >= 100_000, "coturn relayed \(relayed) bytes\n\(coturn.logSummary)")
        if transport != "udp" {
            // coturn says which transport each session came in on.
            #expect(coturn.log.contains(transport.uppercased()), "\(coturn.logSummary)")
        }
        print("relay over \(transport): joined \(report.join.joined_ms ?? -1) ms, ice \(report.join.ice_ms ?? -1) ms, dtls \(report.join.dtls_ms ?? -1) ms, rtt \(report.rtt_ms ?? -1) ms, fps \(report.video_fps ?? 0), loss \(report.loss_pct ?? 0) %, coturn relayed \(relayed) bytes")
    }

    @Test func untrustedCertificateFailsTheRelayOnlyProbeClearly() async throws {
        let coturn = try Coturn(.sharedSecret(RelayOnlyProbe.secret), tls: true)
        let tlsPort = try #require(coturn.tlsPort)
        let report = try await RelayOnlyProbe.run(turnURL: "turns:127.0.0.1:\(tlsPort)", duration: .seconds(1))
        #expect(!report.ok)
        #expect(report.errors.contains { $0.contains("TURN server 127.0.0.1:\(tlsPort) over tls") && $0.contains("is not trusted") },
                "\(report.errors)")
    }

    @Test func relayOnlyWithoutATURNServerFailsClearly() async throws {
        let server = try await EmbeddedServer.start()
        var options = Probe.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        options.duration = .seconds(1)
        options.addresses = [.loopbackV4]
        options.relayOnly = true
        let report = await Probe.run(options)
        await server.stop()
        #expect(!report.ok)
        #expect(report.errors.contains { $0.contains("--relay-only needs a TURN server from the server, and it named none") },
                "\(report.errors)")
    }
}
