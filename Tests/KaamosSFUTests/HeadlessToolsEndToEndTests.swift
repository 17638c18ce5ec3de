import ClientCore
import Foundation
import KaamosNode
import KaamosSFU
import Testing

/// `probe` and `load` against the whole server in this process.
@Suite(.serialized) struct HeadlessToolsEndToEndTests {
    @Test func probeMeasuresAJoinAndTheMedia() async throws {
        let server = try await EmbeddedServer.start()
        var options = Probe.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        options.duration = .seconds(2)
        options.addresses = [.loopbackV4]
        options.publisher.width = 320
        options.publisher.height = 240
        let report = await Probe.run(options)
        await server.stop()
        #expect(report.ok, "\(report.errors)")
        let join = report.join
        let steps = [join.ws_ms, join.joined_ms, join.ice_ms, join.dtls_ms, join.first_video_ms].compactMap { $0 }
        #expect(steps.count == 5)
        #expect(try #require(join.ws_ms) <= #require(join.dtls_ms))
        #expect(try #require(join.first_video_ms) < 5_000)
        #expect(try #require(report.video_fps) > 15)
        #expect(try #require(report.e2e_latency_ms) < 1_000)
        #expect(try #require(report.loss_pct) < 5)
        #expect(report.bitrate_kbps.received > 50)
        #expect(try Expectation(parsing: "first_video_ms<5000").failure(in: report) == nil)
    }

    @Test func aProbeThatJoinedFirstMeasuresTheLateJoinerEvenAfterItLeft() async throws {
        let server = try await EmbeddedServer.start()
        let room = try await KaamosAPIClient(endpoint: try ServerEndpoint(baseURL: server.baseURL)).createRoom().roomID
        func options(seconds: Int64) throws -> Probe.Options {
            var options = Probe.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
            options.roomID = room
            options.peers = 1
            options.duration = .seconds(seconds)
            options.addresses = [.loopbackV4]
            options.publisher.width = 320
            options.publisher.height = 240
            return options
        }
        let first = Task { await Probe.run(try options(seconds: 6)) }
        // The second joins two seconds into the first's window and leaves before it ends.
        try await Task.sleep(for: .seconds(2))
        let second = await Probe.run(try options(seconds: 2))
        let report = try await first.value
        await server.stop()
        #expect(second.ok, "\(second.errors)")
        #expect(report.ok, "\(report.errors)")
        let measured = try #require(report.participants?.first, "the late joiner is not in the report")
        #expect(measured.left)
        #expect(try #require(report.video_fps) > 15, "\(measured)")
        #expect(report.e2e_latency_ms != nil)
    }

    @Test func probeReportsInjectedLossAndItsRepair() async throws {
        let server = try await EmbeddedServer.start()
        var options = Probe.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        options.duration = .seconds(3)
        options.addresses = [.loopbackV4]
        options.injectedLoss = 0.10
        let report = await Probe.run(options)
        await server.stop()
        #expect(report.ok, "\(report.errors)")
        #expect(report.injected_loss_pct == 10)
        #expect(try #require(report.nacks_sent) > 0)
        // Video losses come back by retransmission; audio's (no NACK for Opus) remain.
        #expect(try #require(report.loss_pct) > 0.5 && report.loss_pct! < 10)
    }

    @Test func loadConnectsEveryPeerAndCountsFrames() async throws {
        let server = try await EmbeddedServer.start()
        var options = LoadTest.Options(endpoint: try ServerEndpoint(baseURL: server.baseURL))
        options.rooms = 2
        options.peersPerRoom = 2
        options.duration = .seconds(2)
        options.joinRate = 20
        options.addresses = [.loopbackV4]
        let report = await LoadTest.run(options) { _ in }
        await server.stop()
        #expect(report.peers == 4)
        #expect(report.connected == 4, "\(report.errors)")
        #expect(report.rooms.count == 2)
        #expect(try #require(report.video_fps) > 15)
        #expect(report.errors.isEmpty, "every receiving peer judged the media it got by the probe's rule: \(report.errors)")
        #expect(report.join_ms.p50 != nil)
        #expect(report.cpu_pct > 0)
    }
}
