import ArgumentParser
import ClientCore
import Foundation

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test a server: many peers in this process across several rooms.",
        discussion: """
        Publishers send a pre-encoded VP8 clip and Opus so this machine's CPU goes to networking; \
        every peer measures loss, jitter, frame rate and freezes from RTP without decoding \
        (--decode decodes). A table every second shows peers connected and failed, the aggregate \
        received bitrate, loss, and this process's CPU, with a warning when the generator itself is \
        the bottleneck. --link, --uplink and --downlink give every peer its own emulated bad \
        network on its media path (not on signaling). Exit status: 0 when every peer connected and every expectation holds, 1 \
        otherwise, 64 bad usage.
        """)

    @Option(help: "Rooms to create.")
    var rooms = 1

    @Option(help: "Peers in each room.")
    var peers = 2

    @Option(help: "Peers in each room that publish (default: all).")
    var publishers: Int?

    @Option(help: "Seconds to measure after the last peer joined.")
    var duration: Double = 20

    @Option(help: "Joins per second.")
    var rate: Double = 5

    @Flag(help: "Decode received video and audio (costs CPU).")
    var decode = false

    @Option(help: "Size of the pre-encoded video, WIDTHxHEIGHT.")
    var size = "320x240"

    @Option(help: "Bitrate of the pre-encoded video in kbit/s.")
    var videoKbps = 300

    @Option(help: "Server URL (default: KAAMOS_SERVER, the config file, or http://127.0.0.1:8080).")
    var server: String?

    @OptionGroup var trust: ServerTrustOptions

    @Option(name: .customLong("expect"), help: ArgumentHelp("A check like loss_pct<1 or join_ms.p95<1500 (repeatable).", valueName: "NAME<OP>VALUE"))
    var expectations: [String] = []

    @Flag(help: "Every peer sends media only through the TURN server the Kaamos server names.")
    var relayOnly = false

    @Flag(help: "Print the final report as one JSON object.")
    var json = false

    @OptionGroup var links: LinkOptions

    func validate() throws {
        guard (1...50).contains(rooms) else { throw ValidationError("--rooms must be between 1 and 50.") }
        guard (1...16).contains(peers) else { throw ValidationError("--peers must be between 1 and 16 per room.") }
        if let publishers, !(0...peers).contains(publishers) { throw ValidationError("--publishers must be between 0 and --peers.") }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be between 0 and 3600 seconds.") }
        guard rate > 0, rate <= 100 else { throw ValidationError("--rate must be between 0 and 100 joins a second.") }
        for text in expectations {
            do { _ = try Expectation(parsing: text) } catch { throw ValidationError("\(error)") }
        }
        guard parsedSize != nil else { throw ValidationError(VideoSizeOption.requirement) }
        guard (50...5000).contains(videoKbps) else { throw ValidationError("--video-kbps must be between 50 and 5000.") }
    }

    var parsedSize: (width: Int, height: Int)? { VideoSizeOption.parse(size) }

    func run() async throws {
        let serverURL = ClientSettings.server(flag: server)
        var options: LoadTest.Options
        do {
            options = LoadTest.Options(endpoint: try ServerEndpoint(baseURL: serverURL))
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(64)
        }
        options.endpoint = try trust.apply(to: options.endpoint)
        options.rooms = rooms
        options.peersPerRoom = peers
        options.publishersPerRoom = publishers
        options.duration = .milliseconds(Int64(duration * 1000))
        options.joinRate = rate
        options.decode = decode
        options.relayOnly = relayOnly
        let impairment = try links.impairment()
        options.uplink = impairment.uplink
        options.downlink = impairment.downlink
        if let (width, height) = parsedSize {
            options.videoWidth = width
            options.videoHeight = height
        }
        options.videoKbps = videoKbps
        let quiet = json
        if !quiet { print("  time  peers  connected  failed   recv kbps   loss %   cpu %") }
        let report = await LoadTest.run(options) { line in
            guard !quiet else { return }
            print(String(format: "%5.0fs  %5d  %9d  %6d  %10.0f  %7.2f  %6.0f%@", line.seconds, line.peers, line.connected,
                         line.failed, line.bitrateKbps, line.lossPct, line.cpuPct,
                         line.generatorIsBottleneck ? "  ! the generator is CPU-bound: figures understate the server" : ""))
        }
        let failures = expectations.compactMap { try? Expectation(parsing: $0) }
            .compactMap { $0.failure(of: report.value(named: $0.name)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            func fmt(_ value: Double?, _ unit: String) -> String { value.map { String(format: "%.1f%@", $0, unit) } ?? "-" }
            for room in report.rooms {
                print("room \(room.room_id ?? "-"): \(room.connected)/\(room.peers) connected, join p50 \(fmt(room.join_ms.p50, " ms")) p95 \(fmt(room.join_ms.p95, " ms")), loss \(fmt(room.loss_pct, "%")), jitter \(fmt(room.jitter_ms, " ms")), \(fmt(room.video_fps, " fps")), \(room.freezes) freezes")
            }
            print("total: \(report.connected)/\(report.peers) connected, \(report.failed) failed, join p50 \(fmt(report.join_ms.p50, " ms")) p95 \(fmt(report.join_ms.p95, " ms")) p99 \(fmt(report.join_ms.p99, " ms")), loss \(fmt(report.loss_pct, "%")), jitter \(fmt(report.jitter_ms, " ms")), RTT \(fmt(report.rtt_ms, " ms")), \(fmt(report.video_fps, " fps")), \(report.freezes) freezes, received \(String(format: "%.0f", report.bitrate_kbps.received)) kbps, generator CPU \(String(format: "%.0f", report.cpu_pct))%")
            for error in report.errors { FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8)) }
        }
        for failure in failures { FileHandle.standardError.write(Data("kaamos-tui: \(failure)\n".utf8)) }
        if report.failed > 0 || report.peers == 0 || !failures.isEmpty { throw ExitCode(1) }
    }
}
