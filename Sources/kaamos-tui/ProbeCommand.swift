import ArgumentParser
import ClientCore
import Foundation

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Join headlessly with synthetic media, measure the join and the media, and check expectations.",
        discussion: """
        Publishes the moving test pattern (VP8, or H.264 with --video-codec h264; frame numbers and capture times in a barcode) \
        and a tone (Opus), and with --peers 2 (the default) receives the same from a second peer \
        in this process. --link, --uplink and --downlink put an emulated bad network (rate, \
        drop-tail queue, delay, jitter, loss) on the measured peer's media path, in-process and \
        without root; the second peer and the signaling WebSocket are not impaired, and the report \
        gains the links' counters. Exit status: 0 when every expectation holds and media flowed, 1 otherwise \
        (the failing expectation is named on stderr), 4 server unreachable or its certificate \
        refused, 64 bad usage.
        """)

    @Argument(help: "A room id or link; without one (or with --create) a room is created.")
    var room: String?

    @Flag(help: "Create a new room.")
    var create = false

    @Option(help: "Server URL (default: KAAMOS_SERVER, the config file, or http://127.0.0.1:8080).")
    var server: String?

    @OptionGroup var trust: ServerTrustOptions

    @Option(help: "Seconds to measure after connecting.")
    var duration: Double = 10

    @Option(help: "1: only the measured peer; 2: also a peer it receives from.")
    var peers = 2

    @Option(name: .customLong("expect"), help: ArgumentHelp("A check like first_video_ms<1000 or loss_pct<1 (repeatable).", valueName: "NAME<OP>VALUE"))
    var expectations: [String] = []

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Option(help: "Drop this percentage of incoming media packets (tests NACK recovery); reported as injected_loss_pct.")
    var injectLoss: Double = 0

    @Flag(help: "Both peers send media only through the TURN server the Kaamos server names.")
    var relayOnly = false

    @OptionGroup var links: LinkOptions

    @OptionGroup var videoCodec: VideoCodecOption

    func validate() throws {
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be between 0 and 3600 seconds.") }
        guard (0..<100).contains(injectLoss) else { throw ValidationError("--inject-loss must be a percentage below 100.") }
        guard (1...2).contains(peers) else { throw ValidationError("--peers must be 1 or 2.") }
        for text in expectations {
            do { _ = try Expectation(parsing: text) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() async throws {
        let serverURL = ClientSettings.server(flag: server)
        var options: Probe.Options
        do {
            if let room, !create {
                let (endpoint, roomID) = try ServerEndpoint.resolve(roomOrURL: room, server: serverURL)
                options = Probe.Options(endpoint: endpoint)
                options.roomID = roomID
            } else {
                options = Probe.Options(endpoint: try ServerEndpoint(baseURL: serverURL))
            }
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(64)
        }
        options.endpoint = try trust.apply(to: options.endpoint)
        options.duration = .milliseconds(Int64(duration * 1000))
        options.peers = peers
        options.injectedLoss = injectLoss / 100
        options.relayOnly = relayOnly
        options.publisher.videoCodecs = try videoCodec.codecs()
        let impairment = try links.impairment()
        options.uplink = impairment.uplink
        options.downlink = impairment.downlink
        let checks = expectations.compactMap { try? Expectation(parsing: $0) }
        let report = await Probe.run(options)
        let failures = checks.compactMap { $0.failure(in: report) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.summary(report))
        }
        for failure in failures { FileHandle.standardError.write(Data("kaamos-tui: \(failure)\n".utf8)) }
        if report.errors.contains(where: { $0.hasPrefix("Cannot reach") || $0.contains("cannot create a room: Cannot reach") }) {
            throw ExitCode(4)
        }
        if !report.ok || !failures.isEmpty {
            if !json { for error in report.errors { FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8)) } }
            throw ExitCode(1)
        }
    }

    /// One line per impaired direction: what went in and what became of it.
    static func linkSummary(_ link: ProbeReport.Link?) -> String {
        guard let link else { return "" }
        return [("uplink", link.uplink), ("downlink", link.downlink)].compactMap { name, direction in
            direction.map {
                "\n  \(name) \($0.profile): \($0.offered_packets) packets offered, \($0.delivered_packets) delivered, \($0.queue_dropped) dropped by the queue, \($0.lost) lost, queue delay up to \(String(format: "%.0f", $0.max_queue_delay_ms)) ms"
            }
        }.joined()
    }

    static func summary(_ report: ProbeReport) -> String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.0f ms", $0) } ?? "-" }
        return """
        probe of room \(report.room_id): \(report.ok ? "ok" : "FAILED")
          join: websocket \(ms(report.join.ws_ms)), joined \(ms(report.join.joined_ms)), ICE \(ms(report.join.ice_ms)), DTLS \(ms(report.join.dtls_ms)), first audio \(ms(report.join.first_audio_ms)), first video \(ms(report.join.first_video_ms))
          path: \(report.candidate_type.map { $0 == "relay" ? "relayed through TURN" : "direct (\($0) candidate)" } ?? "-")
          media: \(report.video_fps.map { String(format: "%.1f fps", $0) } ?? "- fps"), \(report.freezes) freezes, capture-to-decode \(ms(report.e2e_latency_ms)), loss \(report.loss_pct.map { String(format: "%.2f%%", $0) } ?? "-"), jitter \(ms(report.jitter_ms)), RTT \(report.rtt_ms.map { String(format: "%.1f ms", $0) } ?? "-")
          bitrate: sent \(String(format: "%.0f", report.bitrate_kbps.sent)) kbps, received \(String(format: "%.0f", report.bitrate_kbps.received)) kbps\(report.injected_loss_pct.map { String(format: "\n  injected loss %.0f%%: %d NACKs sent", $0, report.nacks_sent ?? 0) } ?? "")
        """ + (report.rejoins.map { $0 > 0 ? "\n  rejoined \($0) time\($0 == 1 ? "" : "s")" : "" } ?? "")
            + linkSummary(report.link)
            + (report.errors.isEmpty ? "" : "\n  errors: " + report.errors.joined(separator: "; "))
    }
}
