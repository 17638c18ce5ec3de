import ClientCore
import Foundation
import MediaIO
import Testing

@Suite struct PreviewSettingsTests {
    static let truecolorUTF8 = ["TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"]

    func settings(_ request: PreviewRequest, environment: [String: String] = truecolorUTF8,
                  window: WindowSize? = nil, terminal: Bool = false) throws(PreviewError) -> PreviewSettings {
        try request.settings(environment: environment, windowSize: window, outputIsTerminal: terminal)
    }

    @Test func defaultsFollowTheTerminalAndTheEnvironment() throws {
        let fromTerminal = try settings(PreviewRequest(), window: WindowSize(rows: 30, columns: 100), terminal: true)
        #expect(fromTerminal.source == .camera(path: "/dev/video0", isDefault: true))
        #expect(fromTerminal.columns == 100 && fromTerminal.rows == 30)
        #expect(fromTerminal.sizeFollowsTerminal)
        #expect(fromTerminal.blitter == .halfBlock)
        #expect(fromTerminal.colorMode == .truecolor)
        #expect(fromTerminal.frameLimit == nil && fromTerminal.framesPerSecond == nil)

        let toFile = try settings(PreviewRequest(testPattern: true), environment: ["TERM": "xterm"])
        #expect(toFile.source == .testPattern)
        #expect(toFile.columns == 80 && toFile.rows == 24)
        #expect(!toFile.sizeFollowsTerminal)
        #expect(toFile.blitter == .ascii, "no UTF-8 locale")
        #expect(toFile.colorMode == .palette16)
    }

    @Test func givenValuesWin() throws {
        let request = PreviewRequest(videoFile: "clip.y4m", frames: "90", size: "81X25", renderer: "Sextant",
                                     color: "256", fps: "12.5")
        let value = try settings(request, window: WindowSize(rows: 30, columns: 100), terminal: true)
        #expect(value.source == .file(path: "clip.y4m"))
        #expect(value.columns == 81 && value.rows == 25 && !value.sizeFollowsTerminal)
        #expect(value.blitter == .sextant)
        #expect(value.colorMode == .palette256)
        #expect(value.frameLimit == 90)
        #expect(value.framesPerSecond == 12.5)
        #expect(try settings(PreviewRequest(videoDevice: "/dev/video2")).source == .camera(path: "/dev/video2", isDefault: false))
        #expect(try settings(PreviewRequest(testPattern: true, color: "mono")).colorMode == .monochrome)
        #expect(try settings(PreviewRequest(testPattern: true, color: "auto"), environment: ["TERM": "xterm-256color"]).colorMode == .palette256)
    }

    @Test(arguments: [
        (PreviewRequest(videoFile: "a.y4m", testPattern: true), "choose one source: --video-device, --video-file or --test-pattern"),
        (PreviewRequest(videoDevice: ""), "--video-device needs a device path such as /dev/video0"),
        (PreviewRequest(testPattern: true, size: "80x"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '80x'"),
        (PreviewRequest(testPattern: true, size: "0x24"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '0x24'"),
        (PreviewRequest(testPattern: true, size: "3x2"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '3x2'"),
        (PreviewRequest(testPattern: true, size: "80x1"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '80x1'"),
        (PreviewRequest(testPattern: true, size: "-80x24"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '-80x24'"),
        (PreviewRequest(testPattern: true, size: "99999999999999999999x2"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '99999999999999999999x2'"),
        (PreviewRequest(testPattern: true, size: "80x24x2"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '80x24x2'"),
        (PreviewRequest(testPattern: true, size: "２x2"), "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '２x2'"),
        (PreviewRequest(testPattern: true, renderer: "sixel"), "--renderer must be half, quadrant, sextant, braille or ascii; got 'sixel'"),
        (PreviewRequest(testPattern: true, color: "24bit"), "--color must be auto, truecolor, 256, 16 or mono; got '24bit'"),
        (PreviewRequest(testPattern: true, frames: "0"), "--frames must be a positive whole number; got '0'"),
        (PreviewRequest(testPattern: true, frames: "1.5"), "--frames must be a positive whole number; got '1.5'"),
        (PreviewRequest(testPattern: true, fps: "0"), "--fps must be a number from 1 to 240; got '0'"),
        (PreviewRequest(testPattern: true, fps: "nan"), "--fps must be a number from 1 to 240; got 'nan'"),
        (PreviewRequest(testPattern: true, fps: "1000"), "--fps must be a number from 1 to 240; got '1000'"),
    ])
    func badValuesAreOneSentenceAndUsageStatus(request: PreviewRequest, sentence: String) {
        let error = #expect(throws: PreviewError.self) { try settings(request) }
        #expect(error?.description == sentence)
        #expect(error?.exitStatus == 64)
    }

    @Test func aZeroSizeOrTinyTerminalIsRefusedUnlessASizeIsGiven() throws {
        let zero = #expect(throws: PreviewError.self) { try settings(PreviewRequest(testPattern: true), terminal: true) }
        #expect(zero == .terminalTooSmall(columns: 0, rows: 0))
        #expect(zero?.exitStatus == 1)
        #expect(zero?.description == "the terminal is 0x0 cells, too small for the preview (at least 4x2); resize it or pass --size WxH")
        let tiny = #expect(throws: PreviewError.self) {
            try settings(PreviewRequest(testPattern: true), window: WindowSize(rows: 1, columns: 80), terminal: true)
        }
        #expect(tiny == .terminalTooSmall(columns: 80, rows: 1))
        let given = try settings(PreviewRequest(testPattern: true, size: "40x10"), terminal: true)
        #expect(given.columns == 40 && given.rows == 10)
    }

    @Test func openingErrorsNameTheProblem() {
        let camera = #expect(throws: PreviewError.self) { try PreviewRunner.openSource(.camera(path: "/dev/kaamos-no-camera", isDefault: true)) }
        #expect(camera?.description == "no camera to preview (camera /dev/kaamos-no-camera: no such device); pass --test-pattern to check the terminal without one")
        #expect(camera?.exitStatus == 1)
        let named = #expect(throws: PreviewError.self) { try PreviewRunner.openSource(.camera(path: "/dev/kaamos-no-camera", isDefault: false)) }
        #expect(named?.description == "camera /dev/kaamos-no-camera: no such device")
        let notCamera = #expect(throws: PreviewError.self) { try PreviewRunner.openSource(.camera(path: "/dev/null", isDefault: false)) }
        #expect(notCamera?.description.hasPrefix("camera /dev/null: ") == true)

        let missing = #expect(throws: PreviewError.self) { try PreviewRunner.openSource(.file(path: "/nonexistent/clip.y4m")) }
        #expect(missing?.description == "/nonexistent/clip.y4m: cannot open: No such file or directory")
    }

    @Test func emptyAndTruncatedFilesFailBeforeTheTerminalIsTouched() throws {
        let directory = PreviewTemporaryDirectory()
        let headerOnly = directory.file("empty.y4m")
        try Array("YUV4MPEG2 W64 H36 F30:1 Ip A1:1 C420jpeg\n".utf8).write(to: headerOnly)
        let empty = #expect(throws: PreviewError.self) { try Y4MFileFeed(path: headerOnly) }
        #expect(empty?.description == "\(headerOnly): the file holds no video frame")

        let cut = directory.file("cut.y4m")
        try (Array("YUV4MPEG2 W64 H36 F30:1\nFRAME\n".utf8) + [UInt8](repeating: 128, count: 100)).write(to: cut)
        let truncated = #expect(throws: PreviewError.self) { try Y4MFileFeed(path: cut) }
        #expect(truncated?.description.hasPrefix("\(cut): truncated frame 0") == true, "\(String(describing: truncated))")

        let garbage = directory.file("garbage.y4m")
        try Array("not a y4m file\n".utf8).write(to: garbage)
        #expect(throws: PreviewError.self) { try Y4MFileFeed(path: garbage) }
    }
}

extension Array where Element == UInt8 {
    func write(to path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
