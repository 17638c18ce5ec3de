import ClientCore
import Foundation
import MediaIO
import Testing

/// The preview loop against a virtual clock and an in-memory terminal: nothing sleeps.
@Suite struct PreviewLoopTests {
    static func settings(columns: Int = 80, rows: Int = 24, frames: Int? = nil, fps: Double? = nil,
                         source: PreviewSourceChoice = .testPattern) -> PreviewSettings {
        PreviewSettings(source: source, columns: columns, rows: rows, blitter: .halfBlock, colorMode: .truecolor,
                        synchronizedOutput: true, frameLimit: frames, framesPerSecond: fps)
    }

    @Test func stopsAfterTheFrameLimitPacedAtThePatternsRate() throws {
        let screen = VirtualPreviewScreen(columns: 80, rows: 24)
        let start = screen.nowMicros
        var loop = PreviewLoop(settings: Self.settings(frames: 30))
        let report = try loop.run(source: TestPatternFeed(), screen: screen)

        #expect(report.outcome == .frameLimitReached)
        #expect(report.exitStatus == 0)
        #expect(report.framesDrawn == 30)
        #expect(report.skippedTicks == 0)
        #expect(report.bytesWritten == screen.allBytes.count)
        // 30 frames at 30 fps: the last is due 29/30 s after the first.
        #expect(screen.nowMicros - start == 966_667)
        // One write clears the screen, then one per frame.
        #expect(screen.writes.count == 31)
        let frameTimes = screen.writeTimes.dropFirst()
        #expect(zip(frameTimes, frameTimes.dropFirst()).allSatisfy { (33_333...33_334).contains($1 - $0) })

        let terminal = screen.terminal
        #expect(terminal.unsupportedSequences == 0)
        #expect(terminal.scrolledLines == 0)
        #expect(!terminal.isSynchronizing)
        #expect(visibleCellCount(terminal.screen, rows: 0..<23) > 80 * 23 / 2)
        let status = terminal.screen.text(ofRow: 23)
        #expect(status.hasPrefix("test pattern 640x360 | 80x23 half truecolor | 30.0 fps | "), "\(status)")
        #expect(status.contains(" B/frame"))
        #expect(terminal.screen[79, 23] == .blank, "the bottom-right cell is never written")
    }

    @Test func thePictureMovesBetweenFramesAndLaterFramesCostLessThanTheFirst() throws {
        let screen = VirtualPreviewScreen(columns: 80, rows: 24)
        var loop = PreviewLoop(settings: Self.settings(frames: 30))
        _ = try loop.run(source: TestPatternFeed(), screen: screen)
        let first = screen.snapshots[1], last = screen.snapshots[30]
        #expect(differingCellCount(first, last, rows: 0..<23) > 20)
        for index in 2...30 {
            #expect(differingCellCount(screen.snapshots[index - 1], screen.snapshots[index], rows: 0..<23) > 0,
                    "frame \(index) changed nothing")
        }
        let laterBytes = screen.writes[2...].map(\.count).reduce(0, +) / 29
        #expect(laterBytes < screen.writes[1].count / 2, "diffing should cut later frames: \(laterBytes) vs \(screen.writes[1].count)")
    }

    @Test func qQuitsOtherKeysDoNot() throws {
        let screen = VirtualPreviewScreen(columns: 40, rows: 12)
        screen.script = [(screen.nowMicros + 500_000, .key(UInt8(ascii: "x"))),
                         (screen.nowMicros + 1_000_000, .key(UInt8(ascii: "q")))]
        var loop = PreviewLoop(settings: Self.settings(columns: 40, rows: 12), showsQuitHint: true)
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.outcome == .quit)
        #expect(report.exitStatus == 0)
        // Ticks 0...29 are due before 1 s; the key arrives before tick 30 is drawn.
        #expect(report.framesDrawn == 30)
    }

    @Test func quitHintAppearsOnlyWhenKeysAreRead() throws {
        for hint in [true, false] {
            let screen = VirtualPreviewScreen(columns: 120, rows: 10)
            var loop = PreviewLoop(settings: Self.settings(columns: 120, rows: 10, frames: 1), showsQuitHint: hint)
            _ = try loop.run(source: TestPatternFeed(), screen: screen)
            #expect(screen.terminal.screen.text(ofRow: 9).contains("q quits") == hint)
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalsStopWithTheShellsExitStatus(signal: Int32) throws {
        let screen = VirtualPreviewScreen(columns: 40, rows: 12)
        screen.script = [(screen.nowMicros + 200_000, .signal(signal))]
        var loop = PreviewLoop(settings: Self.settings(columns: 40, rows: 12, frames: 1000))
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.outcome == .interrupted(signal: signal))
        #expect(report.exitStatus == 128 + signal)
        #expect(report.framesDrawn == 6)
    }

    @Test func fpsOverridesTheSourcesRateButThePatternKeepsItsSpeed() throws {
        let screen = VirtualPreviewScreen(columns: 80, rows: 24)
        let start = screen.nowMicros
        var loop = PreviewLoop(settings: Self.settings(frames: 11, fps: 10))
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.framesDrawn == 11)
        #expect(screen.nowMicros - start == 1_000_000)
        #expect(screen.terminal.screen.text(ofRow: 23).contains("| 10.0 fps |"))

        // After 1 s at 10 fps the pattern shows what it shows after 1 s at 30 fps.
        let reference = VirtualPreviewScreen(columns: 80, rows: 24)
        var fast = PreviewLoop(settings: Self.settings(frames: 31))
        _ = try fast.run(source: TestPatternFeed(), screen: reference)
        // Equal up to the diff writer's tolerance (each screen is within it of the same wanted picture).
        let a = screen.terminal.screen, b = reference.terminal.screen
        var unlike = 0
        for row in 0..<23 {
            for column in 0..<80 where !TerminalDiffWriter.cellsLookAlike(a[column, row], b[column, row], tolerance: 2 * TerminalDiffWriter.defaultColorTolerance) {
                unlike += 1
            }
        }
        #expect(unlike == 0)
        // ...and unlike what it showed a third of a second earlier.
        #expect(differingCellCount(screen.snapshots[8], screen.snapshots[11], rows: 0..<23) > 10)
    }

    @Test func aSlowTerminalSkipsTicksInsteadOfFallingBehind() throws {
        let screen = VirtualPreviewScreen(columns: 80, rows: 24)
        screen.writeCostMicros = 100_000  // each frame takes 100 ms to write
        let start = screen.nowMicros
        var loop = PreviewLoop(settings: Self.settings(frames: 20))
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.framesDrawn == 20)
        #expect(report.skippedTicks >= 19 * 2, "skipped \(report.skippedTicks)")
        // Still about 10 frames a second of wall time, never a burst of stale frames.
        let elapsed = screen.nowMicros - start
        #expect((1_900_000...2_300_000).contains(elapsed), "\(elapsed) µs")
        #expect(screen.terminal.screen.text(ofRow: 23).contains("| 10.0 fps |") || screen.terminal.screen.text(ofRow: 23).contains("| 9.9 fps |"),
                "\(screen.terminal.screen.text(ofRow: 23))")
    }

    @Test func aFileIsPlayedOnceAtItsOwnRate() throws {
        let directory = PreviewTemporaryDirectory()
        let path = directory.file("clip.y4m")
        try writePatternClip(to: path, width: 160, height: 90, fps: 10, count: 5)
        let screen = VirtualPreviewScreen(columns: 60, rows: 20)
        let start = screen.nowMicros
        var loop = PreviewLoop(settings: Self.settings(columns: 60, rows: 20, source: .file(path: path)))
        let report = try loop.run(source: try Y4MFileFeed(path: path), screen: screen)
        #expect(report.outcome == .sourceEnded)
        #expect(report.framesDrawn == 5)
        // Five frames at 10 fps, and the end is noticed at the sixth tick.
        #expect(screen.nowMicros - start == 500_000)
        #expect(screen.terminal.screen.text(ofRow: 19).hasPrefix("clip.y4m 160x90 | 60x19 half truecolor | 10.0 fps"))
    }

    @Test func aFileTruncatedMidwayStopsWithOneSentenceAfterTheGoodFrames() throws {
        let directory = PreviewTemporaryDirectory()
        let path = directory.file("cut.y4m")
        try writePatternClip(to: path, width: 64, height: 36, fps: 30, count: 3)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: path))
        let screen = VirtualPreviewScreen(columns: 40, rows: 12)
        var loop = PreviewLoop(settings: Self.settings(columns: 40, rows: 12, source: .file(path: path)))
        let error = #expect(throws: PreviewError.self) { try loop.run(source: try Y4MFileFeed(path: path), screen: screen) }
        #expect(error?.exitStatus == 1)
        #expect(error?.description.hasPrefix("\(path): truncated frame 2") == true, "\(String(describing: error))")
        #expect(screen.writes.count == 3)  // clear + two good frames
    }

    @Test func anOutputErrorEndsTheLoop() throws {
        let screen = VirtualPreviewScreen(columns: 40, rows: 12)
        screen.failingWrite = 4
        var loop = PreviewLoop(settings: Self.settings(columns: 40, rows: 12))
        let error = #expect(throws: PreviewError.self) { try loop.run(source: TestPatternFeed(), screen: screen) }
        #expect(error == .output(reason: "Broken pipe"))
        #expect(error?.description == "cannot write to standard output: Broken pipe")
    }

    @Test func aResizeRedrawsAtTheNewSizeWhenTheSizeFollowsTheTerminal() throws {
        let screen = VirtualPreviewScreen(columns: 100, rows: 30)
        screen.script = [(screen.nowMicros + 100_000, .resized(WindowSize(rows: 30, columns: 100))),
                         (screen.nowMicros + 150_000, .resized(WindowSize(rows: 1, columns: 1)))]  // ignored
        var settings = Self.settings(columns: 60, rows: 20, frames: 10)
        settings.sizeFollowsTerminal = true
        var loop = PreviewLoop(settings: settings)
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.framesDrawn == 10)
        #expect(loop.settings.columns == 100 && loop.settings.rows == 30)
        #expect(screen.terminal.screen.text(ofRow: 29).hasPrefix("test pattern 640x360 | 100x29 "))
        #expect(visibleCellCount(screen.terminal.screen, rows: 20..<29) > 100 * 9 / 2)
        #expect(screen.terminal.unsupportedSequences == 0 && screen.terminal.scrolledLines == 0)
    }

    @Test func aResizeIsIgnoredWhenTheSizeWasGiven() throws {
        let screen = VirtualPreviewScreen(columns: 100, rows: 30)
        screen.script = [(screen.nowMicros + 100_000, .resized(WindowSize(rows: 30, columns: 100)))]
        var loop = PreviewLoop(settings: Self.settings(columns: 60, rows: 20, frames: 5))
        _ = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(loop.settings.columns == 60)
        #expect(screen.terminal.screen.text(ofRow: 19).hasPrefix("test pattern 640x360 | 60x19 "))
    }

    @Test(arguments: [(4, 2), (5, 3), (81, 25), (7, 1000), (2000, 3)])
    func oddAndExtremeSizesDrawWithoutScrollingOrTrapping(size: (Int, Int)) throws {
        let (columns, rows) = size
        let screen = VirtualPreviewScreen(columns: columns, rows: rows)
        var loop = PreviewLoop(settings: Self.settings(columns: columns, rows: rows, frames: 3))
        let report = try loop.run(source: TestPatternFeed(), screen: screen)
        #expect(report.framesDrawn == 3)
        #expect(screen.terminal.scrolledLines == 0)
        #expect(screen.terminal.unsupportedSequences == 0)
    }

    @Test(arguments: [Blitter.halfBlock, .quadrant, .sextant, .braille, .ascii])
    func everyRendererAndColourModeProducesAPicture(blitter: Blitter) throws {
        for mode in ColorMode.allCases {
            let screen = VirtualPreviewScreen(columns: 50, rows: 16)
            var settings = Self.settings(columns: 50, rows: 16, frames: 2)
            settings.blitter = blitter
            settings.colorMode = mode
            var loop = PreviewLoop(settings: settings)
            _ = try loop.run(source: TestPatternFeed(), screen: screen)
            #expect(visibleCellCount(screen.terminal.screen, rows: 0..<15) > 50, "\(blitter) \(mode)")
            #expect(screen.terminal.unsupportedSequences == 0)
        }
    }

    @Test func oddSizedFileFramesRender() throws {
        let directory = PreviewTemporaryDirectory()
        let path = directory.file("odd.y4m")
        try writePatternClip(to: path, width: 33, height: 17, fps: 25, count: 2)
        let screen = VirtualPreviewScreen(columns: 30, rows: 10)
        var loop = PreviewLoop(settings: Self.settings(columns: 30, rows: 10, source: .file(path: path)))
        let report = try loop.run(source: try Y4MFileFeed(path: path), screen: screen)
        #expect(report.framesDrawn == 2)
        #expect(visibleCellCount(screen.terminal.screen, rows: 0..<9) > 0)
    }
}
