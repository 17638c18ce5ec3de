import Foundation
import KaamosTestSupport
import Testing

/// `kaamos-tui probe --downlink/--uplink` against the built server: the emulated links impair the
/// measured peer's media and the report's counters say what they did (issue 13).
@Suite(.serialized, .enabled(if: Processes.binary("kaamos-server") != nil && Processes.binary("kaamos-tui") != nil,
                             "needs the built kaamos-server and kaamos-tui (swift build)"))
struct ProbeLinkEndToEndTests {
    @Test func downlinkLossAndUplinkDelayShowInTheReport() async throws {
        let port = Processes.freePort()
        let server = try BackgroundProcess([Processes.binary("kaamos-server")!, "--host", "127.0.0.1", "--port", "\(port)",
                                            "--admin-token", "secret", "--media-address", "127.0.0.1"], name: "link-server")
        defer { server.stop() }
        let started = await eventually(timeout: .seconds(10), every: .milliseconds(50)) { server.output.contains("scheme=http") }
        try #require(started, "the server did not start: \(server.output)")

        let probe = Processes.run([Processes.binary("kaamos-tui")!, "probe", "--server", "http://127.0.0.1:\(port)",
                                   "--duration", "4", "--json", "--downlink", "loss=20%", "--uplink", "delay=40ms"])
        let line = try #require(probe.output.split(separator: "\n").last, "no output: \(probe.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(probe.output)")
        let link = try #require(report["link"] as? [String: Any], "\(line)")
        let downlink = try #require(link["downlink"] as? [String: Any], "\(line)")
        let uplink = try #require(link["uplink"] as? [String: Any], "\(line)")
        #expect(downlink["profile"] as? String == "loss=20%")
        #expect(uplink["profile"] as? String == "delay=40ms")

        // A fifth of what came in was lost on the way, NACKs asked for it again.
        let offered = try #require(downlink["offered_packets"] as? Int)
        let lost = try #require(downlink["lost"] as? Int)
        #expect(offered > 300, "\(line)")
        #expect(Double(lost) / Double(max(1, offered)) > 0.14 && Double(lost) / Double(max(1, offered)) < 0.26, "\(line)")
        #expect(downlink["delivered_packets"] as? Int == offered - lost, "\(line)")
        #expect(downlink["queue_dropped"] as? Int == 0)
        #expect((report["nacks_sent"] as? Int ?? 0) > 0, "\(line)")
        // The uplink only delays: nothing lost, and the round trip to the SFU is at least its 40 ms.
        #expect(uplink["lost"] as? Int == 0 && uplink["queue_dropped"] as? Int == 0)
        #expect((uplink["offered_packets"] as? Int ?? 0) > 300, "\(line)")
        #expect((report["rtt_ms"] as? Double ?? 0) >= 35, "\(line)")
        #expect(report["rejoins"] as? Int == 0, "\(line)")
    }

    @Test func aMalformedSpecIsAUsageErrorNamingTheOption() {
        let run = Processes.run([Processes.binary("kaamos-tui")!, "probe", "--link", "rate=500kbps"])
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.contains("--link: rate=500kbps: \"kbps\" is not a rate unit (bit, kbit, Mbit or Gbit per second)"), "\(run.output)")
        let load = Processes.run([Processes.binary("kaamos-tui")!, "load", "--downlink", "loss=101%"])
        #expect(load.status == 64, "\(load.output)")
        #expect(load.output.contains("--downlink: loss=101%: must be at most 100%"), "\(load.output)")
    }
}
