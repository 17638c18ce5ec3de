import ArgumentParser
import Foundation
import MediaIO
import TerminalUI

/// The call view with fake participants: how the view is tried out in a terminal (and in tmux by
/// the tests) before, and without, a real call.
struct UIDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_ui-demo",
        abstract: "The call view with fake participants playing test patterns (for development).",
        shouldDisplay: false)

    @Option(help: "Number of fake remote participants (0 to 9); the last of two or more has no video.")
    var tiles = 3

    @Option(help: "Stop after this many frames (default: run until q).")
    var frames: Int?

    @Option(help: "half, quadrant, sextant, braille or ascii (default: detected).")
    var renderer: String?

    @Option(help: "auto, truecolor, 256, 16 or mono.")
    var color = "auto"

    @Option(help: .hidden)
    var crashAfterFrames: Int?

    func validate() throws {
        guard (0...9).contains(tiles) else { throw ValidationError("--tiles must be between 0 and 9.") }
        if let frames, frames < 1 { throw ValidationError("--frames must be at least 1.") }
        if let renderer, RendererChoice.blitter(named: renderer) == nil {
            throw ValidationError("--renderer must be half, quadrant, sextant, braille or ascii.")
        }
        if color.lowercased() != "auto", RendererChoice.colorMode(named: color) == nil {
            throw ValidationError("--color must be auto, truecolor, 256, 16 or mono.")
        }
    }

    func run() throws {
        var capabilities = TerminalCapabilities.detect(environment: ProcessInfo.processInfo.environment,
                                                       windowSize: TerminalCapabilities.currentWindowSize(fd: 1))
        if let mode = RendererChoice.colorMode(named: color) { capabilities.colorMode = mode }
        let screen: CallScreen
        do {
            screen = try CallScreen(capabilities: capabilities)
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { screen.close() }
        var demo = FakeCall(tileCount: tiles, capabilities: capabilities,
                            blitter: renderer.flatMap(RendererChoice.blitter(named:)))
        var pacer = TerminalWritePacer(maximumFramesPerSecond: 30)
        let clock = ContinuousClock()
        let start = clock.now
        var drawn = 0
        while true {
            while let intent = screen.nextIntent() {
                if intent == .leave { return }
                demo.apply(intent)
            }
            demo.advance(to: clock.now - start, framesPerSecond: pacer.framesPerSecond)
            screen.render(demo.model, video: demo.frames, selfView: demo.selfFrame)
            pacer.record(writeDuration: screen.lastWriteDuration)
            drawn += 1
            if let frames, drawn >= frames { return }
            if let crashAfterFrames, drawn >= crashAfterFrames {
                // Checks that a crash leaves a usable terminal behind (see CallScreen).
                fatalError("crash requested with --crash-after-frames")
            }
            // Wait out the frame interval in short steps so keys stay responsive.
            let deadline = clock.now + pacer.interval
            while clock.now < deadline {
                let step = min(.milliseconds(10), deadline - clock.now)
                usleep(UInt32(max(0, step.components.attoseconds / 1_000_000_000_000)))
            }
        }
    }
}

/// The fake call behind the demo: participants with test patterns, a speaker that moves around,
/// figures that wander, and a chat that answers.
private struct FakeCall {
    var model: CallViewModel
    var frames: [String: I420Frame] = [:]
    var selfFrame: I420Frame?
    private var sources: [String: TestPatternSource] = [:]
    private var selfSource = TestPatternSource(width: 160, height: 90, framesPerSecond: 30)
    private let unicode: Bool
    private var lastFigures: Duration = .seconds(-10)

    static let names = ["Aino", "Bertil", "Chidi", "Dagny", "Esko", "Fatima", "Gustav", "Hilla", "Ilmari"]

    init(tileCount: Int, capabilities: TerminalCapabilities, blitter: Blitter?) {
        unicode = capabilities.supportsUnicode
        var tiles: [CallViewModel.Tile] = []
        for index in 0..<tileCount {
            let withoutVideo = tileCount >= 2 && index == tileCount - 1
            let id = "p\(index + 1)"
            tiles.append(CallViewModel.Tile(id: id, name: Self.names[index], micOn: index % 3 != 1,
                                            cameraOn: !withoutVideo, speaking: index == 0, hasVideo: !withoutVideo))
            if !withoutVideo { sources[id] = TestPatternSource(width: 320, height: 180, framesPerSecond: 30) }
        }
        model = CallViewModel(roomID: "demo-room", selfName: "you@demo", tiles: tiles,
                              status: .init(connection: "connected"),
                              notice: "Demo: fake participants, no network. Press ? for keys.",
                              chat: [.init(from: "Aino", text: "Hei! Can you see my test pattern?", time: "14:02"),
                                     .init(from: "Bertil", text: "Yes, the colour bars look fine here.", time: "14:03")],
                              blitter: blitter ?? capabilities.recommendedBlitter, colorMode: capabilities.colorMode)
    }

    mutating func apply(_ intent: CallIntent) {
        if model.applyViewIntent(intent, unicode: unicode) { return }
        switch intent {
        case .toggleMic: model.micOn.toggle()
        case .toggleCamera: model.cameraOn.toggle()
        case .sendChat(let text):
            model.chat.append(.init(from: model.selfName, text: text, time: Self.clockText()))
            if let first = model.tiles.first {
                model.chat.append(.init(from: first.name, text: "Got it: \(text)", time: Self.clockText()))
            }
        default: break
        }
    }

    /// Moves the fake call on to `elapsed` since the start: new frames every call, figures and the
    /// speaker once a second.
    mutating func advance(to elapsed: Duration, framesPerSecond: Double) {
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        for (id, var source) in sources {
            frames[id] = source.nextFrame(timestampMicros: micros)
            sources[id] = source
        }
        selfFrame = model.cameraOn ? selfSource.nextFrame(timestampMicros: micros) : nil
        guard elapsed - lastFigures >= .seconds(1) else { return }
        lastFigures = elapsed
        let second = Int(elapsed.components.seconds)
        let speaker = model.tiles.isEmpty ? -1 : (second / 3) % model.tiles.count
        for index in model.tiles.indices { model.tiles[index].speaking = index == speaker && model.tiles[index].micOn }
        let wobble = Double(second % 7)
        model.status = .init(connection: "connected", rttMs: 38 + wobble, lossPct: wobble / 10,
                             bitrateInKbps: Double(sources.count) * 610 + wobble * 3, bitrateOutKbps: model.cameraOn ? 820 : 40,
                             fps: framesPerSecond)
        model.statsLines = model.tiles.map { tile in
            tile.hasVideo ? "\(tile.name): 320x180 VP8, 610 kbps, jitter \(3 + second % 4) ms, 0 freezes"
                : "\(tile.name): audio only, 32 kbps"
        } + ["ICE: host 127.0.0.1 <-> 127.0.0.1, DTLS 1.2, SRTP AES_CM_128"]
        if second >= 8 { model.notice = nil }
    }

    static func clockText() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: Date())
    }
}
