import ClientCore
import Foundation
import KaamosServer
import KaamosNode
import KaamosSFU
import KaamosTestSupport
import RTCNetwork

/// Two `--relay-only` probe peers against the whole server in this process, which names one TURN
/// URL of the given coturn with per-participant credentials.
enum RelayOnlyProbe {
    static let secret = "relay-probe-secret"

    static func run(turnURL: String, trust: ServerTrust = .system, duration: Duration = .seconds(3)) async throws -> ProbeReport {
        let server = try await EmbeddedServer.start(turn: TURNSettings(urls: [turnURL], credentials: .sharedSecret(secret)))
        var endpoint = try ServerEndpoint(baseURL: server.baseURL)
        // As `--ca-file` sets it; calls trust turns: servers as they trust the Kaamos server.
        endpoint.trust = trust
        var options = Probe.Options(endpoint: endpoint)
        options.duration = duration
        options.addresses = [.loopbackV4]
        options.publisher.width = 320
        options.publisher.height = 240
        options.relayOnly = true
        let report = await Probe.run(options)
        await server.stop()
        return report
    }

    /// What coturn relayed for the probes' allocations, once it has written their counters (leaving
    /// releases the allocations), waiting up to five seconds for them.
    static func relayedBytes(_ coturn: Coturn) async throws -> Int {
        var relayed = 0
        _ = await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
            relayed = coturn.relayedPeerBytes(usernameSuffix: "")
            return relayed > 0
        }
        return relayed
    }
}
