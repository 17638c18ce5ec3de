import ArgumentParser
import ClientCore
import Foundation

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a camera, a Y4M file or the test pattern in the terminal (camera check).",
        discussion: """
        Without a source it opens the camera /dev/video0. Keys: q quits. When standard output is \
        not a terminal the escape stream is written there (no alternate screen, no raw mode).
        """)

    @Option(name: .customLong("video-device"), help: ArgumentHelp("A V4L2 camera.", valueName: "device"))
    var videoDevice: String?

    @Option(name: .customLong("video-file"), help: ArgumentHelp("A YUV4MPEG2 clip, played once.", valueName: "file.y4m"))
    var videoFile: String?

    @Flag(name: .customLong("test-pattern"), help: "The moving synthetic test pattern (needs no camera).")
    var testPattern = false

    @Option(help: ArgumentHelp("Stop after this many frames.", valueName: "n"))
    var frames: String?

    @Option(help: ArgumentHelp("Screen area in cells, COLUMNSxROWS (default: the terminal's size, or 80x24).", valueName: "WxH"))
    var size: String?

    @Option(help: ArgumentHelp("half, quadrant, sextant, braille or ascii (default: from the locale).", valueName: "renderer"))
    var renderer: String?

    @Option(help: ArgumentHelp("auto, truecolor, 256, 16 or mono (default: auto, from TERM and COLORTERM).", valueName: "mode"))
    var color: String?

    @Option(help: ArgumentHelp("Frames drawn per second (default: the source's rate).", valueName: "n"))
    var fps: String?

    func run() throws {
        let request = PreviewRequest(videoDevice: videoDevice, videoFile: videoFile, testPattern: testPattern,
                                     frames: frames, size: size, renderer: renderer, color: color, fps: fps)
        let result = PreviewRunner.run(request, environment: ProcessInfo.processInfo.environment)
        if let message = result.message {
            FileHandle.standardError.write(Data("kaamos-tui: \(message)\n".utf8))
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
