import ArgumentParser
import ClientCore
import Foundation

struct LoopbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loopback",
        abstract: "A call between two peers in this process over UDP on loopback, with live figures.",
        discussion: """
        Both peers publish the moving test pattern (VP8) and a tone (Opus) and decode what they \
        receive; every second a line shows each direction's frame rate, capture-to-decode latency, \
        loss, jitter and bitrate. Needs no camera, microphone or server.
        """)

    @Option(help: "How long the call lasts, in seconds.")
    var duration: Double = 10

    @Option(help: "Video size, WIDTHxHEIGHT.")
    var size = "640x360"

    @Option(help: "Video bitrate in kbit/s.")
    var videoKbps = 600

    @Option(help: "Media packet loss injected on both receive paths, in percent (NACK recovers video).")
    var loss: Double = 0

    @Flag(help: "Print the final report as one JSON object.")
    var json = false

    func validate() throws {
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be between 0 and 3600 seconds.") }
        guard (0..<100).contains(loss) else { throw ValidationError("--loss must be a percentage below 100.") }
        guard parsedSize != nil else { throw ValidationError(VideoSizeOption.requirement) }
    }

    var parsedSize: (width: Int, height: Int)? { VideoSizeOption.parse(size) }

    func run() async throws {
        var options = LoopbackCall.Options()
        options.duration = .milliseconds(Int64(duration * 1000))
        options.loss = loss / 100
        if let (width, height) = parsedSize {
            options.publisher.width = width
            options.publisher.height = height
        }
        options.publisher.videoKbps = videoKbps
        let call: LoopbackCall
        do {
            call = try LoopbackCall(options: options)
        } catch {
            throw CleanExit.message("kaamos-tui: cannot start the loopback call: \(error)")
        }
        if !json {
            print("loopback call: two peers on 127.0.0.1, \(size) VP8 at \(videoKbps) kbit/s + Opus, \(Int(duration)) s\(loss > 0 ? ", \(loss)% media loss injected" : "")")
        }
        let report: LoopbackCall.Report
        do {
            report = try await call.run { snapshot in
                if !json { print(Self.line(snapshot)) }
            }
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: the loopback call failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("connected in \(report.connectMs.map { String(format: "%.1f ms", $0) } ?? "-") with \(report.srtpProfile ?? "no SRTP")")
            print(Self.line(report))
        }
        if report.aToB.framesDecoded == 0 || report.bToA.framesDecoded == 0 { throw ExitCode(1) }
    }

    static func line(_ report: LoopbackCall.Report) -> String {
        func direction(_ d: LoopbackCall.DirectionReport) -> String {
            String(format: "%5.1f fps %4d frames e2e %@ loss %4.1f%% jitter %4.1f ms %6.0f kbps freezes %d nack %d",
                   d.fps, d.framesDecoded, d.e2eLatencyMs.map { String(format: "%5.1f ms", $0) } ?? "   - ms",
                   d.lossPct, d.jitterMs, d.bitrateKbps, d.freezes, d.nackCount)
        }
        let rtt = report.rttMs.map { String(format: "%.2f ms", $0) } ?? "-"
        return String(format: "t=%4.1fs rtt %@ | A->B %@ | B->A %@", report.seconds, rtt, direction(report.aToB), direction(report.bToA))
    }
}
