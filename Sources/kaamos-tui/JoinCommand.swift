import ArgumentParser
import ClientCore
import Foundation
import MediaIO
import TerminalUI

/// Media and rendering options shared by `join` and `demo`.
struct CallMediaOptions: ParsableArguments {
    @Option(help: "Display name (default: KAAMOS_NAME, the config file, or $USER).")
    var name: String?

    @OptionGroup var videoCodec: VideoCodecOption

    @Flag(help: "Publish no audio.")
    var noAudio = false

    @Flag(help: "Publish no video.")
    var noVideo = false

    @Option(help: "ALSA capture device (default: default).")
    var audioDevice = "default"

    @Option(help: "ALSA playback device, or none (default: default).")
    var audioOutput = "default"

    @Option(help: "V4L2 camera (default: /dev/video0).")
    var videoDevice = "/dev/video0"

    @Option(help: ArgumentHelp("Send this Y4M file as video (looped).", valueName: "F.y4m"))
    var videoFile: String?

    @Option(help: ArgumentHelp("Send this 48 kHz WAV file as audio (looped).", valueName: "F.wav"))
    var audioFile: String?

    @Flag(help: "Send the moving test pattern and a tone instead of the camera and microphone.")
    var testPattern = false

    @Option(help: "half, quadrant, sextant, braille or ascii (default: detected).")
    var renderer: String?

    @Option(help: "auto, truecolor, 256, 16 or mono.")
    var color = "auto"

    @Option(help: "Video size sent, WIDTHxHEIGHT (default 640x360).")
    var size = "640x360"

    @Option(help: ArgumentHelp("Append the call's log to this file (nothing is logged over the screen).", valueName: "file"))
    var logFile: String?

    @Flag(help: "Send media only through the TURN server the Kaamos server names (ICE transport policy relay).")
    var relayOnly = false

    func validate() throws {
        if let renderer, RendererChoice.blitter(named: renderer) == nil {
            throw ValidationError("--renderer must be half, quadrant, sextant, braille or ascii.")
        }
        if color.lowercased() != "auto", RendererChoice.colorMode(named: color) == nil {
            throw ValidationError("--color must be auto, truecolor, 256, 16 or mono.")
        }
        guard parsedSize != nil else { throw ValidationError(VideoSizeOption.requirement) }
    }

    var parsedSize: (width: Int, height: Int)? { VideoSizeOption.parse(size) }

    func apply(to options: inout CallOptions) {
        if noVideo {
            options.video = .none
        } else if let videoFile {
            options.video = .file(videoFile)
        } else if testPattern {
            options.video = .testPattern
        } else {
            options.video = .camera(videoDevice)
        }
        if noAudio {
            options.audio = .none
        } else if let audioFile {
            options.audio = .file(audioFile)
        } else if testPattern {
            options.audio = .tone
        } else {
            options.audio = .microphone(audioDevice)
        }
        options.audioOutput = audioOutput
        options.logFile = logFile
        options.relayOnly = relayOnly
        if let (width, height) = parsedSize {
            options.publisher.width = width
            options.publisher.height = height
        }
        // validate() has checked the list.
        options.publisher.videoCodecs = try? videoCodec.codecs()
    }

    var displayName: String {
        ClientSettings.name(flag: name)
            ?? ProcessInfo.processInfo.environment["USER"] ?? "terminal"
    }
}

struct JoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Join a room: the call view in this terminal.",
        discussion: """
        Keys: m mic, v camera, r renderer, c chat, p participants, s stats, ? help, q leave. \
        Exit status: 0 left, 2 room not found, 3 room full, 4 server unreachable or its \
        certificate refused, 5 kicked, \
        6 room closed, 1 other failures, 64 bad usage.
        """)

    @Argument(help: "A room id (10 letters and digits) or a room link (https://host/room/ID).")
    var room: String

    @Option(help: "Server URL when ROOM is an id (default: KAAMOS_SERVER, the config file, or http://127.0.0.1:8080).")
    var server: String?

    @OptionGroup var trust: ServerTrustOptions

    @OptionGroup var media: CallMediaOptions

    func run() async throws {
        let serverURL = ClientSettings.server(flag: server)
        var endpoint: ServerEndpoint
        let roomID: String
        do {
            (endpoint, roomID) = try ServerEndpoint.resolve(roomOrURL: room, server: serverURL)
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(64)
        }
        endpoint = try trust.apply(to: endpoint)
        var options = CallOptions(endpoint: endpoint, roomID: roomID, name: media.displayName,
                                  userID: "tui-\(UInt32.random(in: 0...UInt32.max))")
        media.apply(to: &options)
        let end = await CallRunner.run(options: options, media: media)
        if end != .left { FileHandle.standardError.write(Data("kaamos-tui: \(end)\n".utf8)) }
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }
}

/// Runs a call in the call view when stdout is a terminal, or with a status line a second otherwise.
enum CallRunner {
    static func run(options: CallOptions, media: CallMediaOptions) async -> CallEnd {
        let session = CallSession(options: options)
        let callTask = Task { await session.run() }
        let signals = SignalWatcher { session.leave() }
        defer { signals.cancel() }
        guard isatty(1) == 1, isatty(0) == 1 else {
            return await runHeadless(session: session, callTask: callTask)
        }
        var capabilities = TerminalCapabilities.detect(environment: ProcessInfo.processInfo.environment,
                                                       windowSize: TerminalCapabilities.currentWindowSize(fd: 1))
        if let mode = RendererChoice.colorMode(named: media.color) { capabilities.colorMode = mode }
        let screen: CallScreen
        do {
            screen = try CallScreen(capabilities: capabilities)
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error); running without the call view\n".utf8))
            return await runHeadless(session: session, callTask: callTask)
        }
        let controller = CallViewController(session: session, roomID: options.roomID, capabilities: capabilities,
                                            blitter: media.renderer.flatMap(RendererChoice.blitter(named:)))
        _ = await controller.run(screen: screen, callTask: callTask, unicode: capabilities.supportsUnicode)
        screen.close()
        return await callTask.value
    }

    /// For scripts and pipes: one status line a second on stderr until the call ends.
    static func runHeadless(session: CallSession, callTask: Task<CallEnd, Never>) async -> CallEnd {
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let state = session.snapshot()
                let media = session.remote.snapshot()
                let frames = media.values.reduce(0) { $0 + $1.framesDecoded }
                let line = "\(state.phase) participants=\(state.participants.count) frames=\(frames)"
                    + (state.notices.last.map { " notice=\($0)" } ?? "")
                FileHandle.standardError.write(Data("kaamos-tui: \(line)\n".utf8))
            }
        }
        let end = await callTask.value
        reporter.cancel()
        return end
    }
}
