import ClientCore
import Foundation
import KaamosServer
import KaamosSFU
import KaamosTestSupport
import Testing

/// Two probe peers with `--relay-only` against the whole server in this process and a coturn of
/// their own: the server hands out per-participant TURN credentials, media crosses the relay, and
/// coturn's own counters say so.
@Suite(.serialized, .enabled(if: Coturn.isInstalled, Comment(rawValue: Coturn.skipReason)))
struct RelayedProbeTests {
    @Test func relayOnlyProbeSendsItsMediaThroughCoturn() async throws {
        let coturn = try Coturn(.sharedSecret("relay-probe-secret"))
        let server = try await EmbeddedServer.start(
            turn: TURNSettings(urls: ["turn:127.0.0.1:\(coturn.port)"], credentials: .sharedSecret("relay-probe-secret")))
        var options = Probe.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        options.duration = .seconds(3)
        options.addresses = [.loopbackV4]
        options.publisher.width = 320
        options.publisher.height = 240
        options.relayOnly = true
        let report = await Probe.run(options)
        await server.stop()
        #expect(report.ok, "\(report.errors)")
        #expect(report.candidate_type == "relay")
        #expect(try #require(report.video_fps) > 15)
        #expect(try #require(report.loss_pct) < 5)
        // Leaving released both allocations, so coturn has written their counters.
        var relayed = 0
        let deadline = Date().addingTimeInterval(5)
        while relayed == 0, Date() < deadline {
            relayed = coturn.relayedPeerBytes(usernameSuffix: "")
            if relayed == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        // Three seconds of video and audio from each peer cross the relay twice (in and out).
        if relayed < 100_000 { coturn.keepLog = true }
        #expect(relayed >= 100_000, "coturn relayed \(relayed) bytes\n\(coturn.logSummary)")
        print("relay over udp: joined \(report.join.joined_ms ?? -1) ms, ice \(report.join.ice_ms ?? -1) ms, dtls \(report.join.dtls_ms ?? -1) ms, rtt \(report.rtt_ms ?? -1) ms, fps \(report.video_fps ?? 0), loss \(report.loss_pct ?? 0) %, coturn relayed \(relayed) bytes")
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
