import Foundation
import KaamosTestSupport
import MediaIO
import Testing

/// `kaamos-tui preview --test-pattern --frames 30 --size 80x24 > out.bin`, replayed into an in-memory
/// terminal: a valid escape stream whose picture fills the screen and moves.
@Suite struct PreviewStreamTests {
    @Test func thirtyFramesToAFileReplayAsAMovingPicture() throws {
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "30", "--size", "80x24"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        // Paced at the pattern's 30 fps: 29 intervals at least.
        #expect(run.seconds >= 0.95, "\(run.seconds) s")

        let (terminal, frames) = replayFrames(run.stdout, columns: 80, rows: 24)
        #expect(frames.count == 30)
        #expect(terminal.unsupportedSequences == 0)
        #expect(terminal.scrolledLines == 0)
        #expect(!terminal.isSynchronizing)
        // Not a terminal: no alternate screen, no hidden cursor.
        #expect(!contains(run.stdout, "\u{1B}[?1049h") && !contains(run.stdout, "\u{1B}[?25l"))

        let screen = terminal.screen
        var painted = 0
        for row in 0..<23 {
            for column in 0..<80 {
                // A half block in 24-bit colour, or a space (top and bottom alike) on a 24-bit background.
                let cell = screen[column, row]
                if case .rgb = cell.character == " " ? cell.background : cell.foreground { painted += 1 }
            }
        }
        #expect(painted > 80 * 23 * 3 / 4, "truecolor half blocks: \(painted)")
        #expect(screen.text(ofRow: 23).hasPrefix("test pattern 640x360 | 80x23 half truecolor | "), "\(screen.text(ofRow: 23))")

        var changes = 0
        for (before, after) in zip(frames, frames.dropFirst()) where before != after { changes += 1 }
        #expect(changes == 29, "every frame after the first changes the screen")
        #expect(frames[0] != frames[29])
        // Diffing: the 29 frames after the first cost much less than 29 full redraws.
        #expect(run.stdout.count < 30 * 80 * 23 * 12 / 3, "\(run.stdout.count) bytes")
    }

    @Test func aDumbTerminalGetsAsciiWithoutColour() throws {
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "3", "--size", "40x12", "--fps", "60"],
                                       environment: ["TERM": "dumb"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.allSatisfy { $0 < 0x80 }, "ASCII only")
        #expect(!contains(run.stdout, "38;2;") && !contains(run.stdout, "38;5;"))
        let (terminal, frames) = replayFrames(run.stdout, columns: 40, rows: 12)
        #expect(frames.isEmpty, "no synchronized output on a dumb terminal")
        #expect(terminal.screen.text(ofRow: 11).hasPrefix("test pattern 640x360 | 40x11 ascii mono"))
        #expect(terminal.unsupportedSequences == 0 && terminal.scrolledLines == 0)
    }

    @Test(arguments: ["quadrant", "sextant", "braille"])
    func otherRenderersAndPalettesAreValidStreams(renderer: String) throws {
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "2", "--size", "81x25",
                                        "--renderer", renderer, "--color", "256", "--fps", "60"])
        #expect(run.status == 0, "\(run.stderr)")
        let (terminal, frames) = replayFrames(run.stdout, columns: 81, rows: 25)
        #expect(frames.count == 2)
        #expect(terminal.unsupportedSequences == 0 && terminal.scrolledLines == 0)
        #expect(terminal.screen.text(ofRow: 24).hasPrefix("test pattern 640x360 | 81x24 \(renderer) 256 | "))
    }

    @Test func aY4MFileIsPlayedToItsEnd() throws {
        let directory = NSTemporaryDirectory() + "kaamos-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/clip.y4m"
        let writer = try Y4MWriter(path: path, header: Y4MHeader(width: 96, height: 54, frameRateNumerator: 50))
        var pattern = TestPatternSource(width: 96, height: 54, framesPerSecond: 50)
        for _ in 0..<10 { try writer.write(pattern.nextFrame()) }
        writer.close()

        let run = try KaamosBinary.run(["preview", "--video-file", path, "--size", "60x20"])
        #expect(run.status == 0, "\(run.stderr)")
        let (terminal, frames) = replayFrames(run.stdout, columns: 60, rows: 20)
        #expect(frames.count == 10)
        let status = terminal.screen.text(ofRow: 19)
        #expect(status.hasPrefix("clip.y4m 96x54 | 60x19 half truecolor | "))
        let fps = status.split(separator: "|")[2].split(separator: " ").first.flatMap { Double($0) } ?? 0
        #expect((45...51).contains(fps), "the file's 50 fps, measured on a real clock: \(status)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalStopsTheStreamCleanly(signal: Int32, status: Int32) throws {
        let frameEnd = Array("\u{1B}[?2026l".utf8)
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--size", "40x12"]) { running in
            // Three frames out, so the signal lands in the middle of the stream.
            _ = eventuallyBlocking(timeout: .seconds(10)) { running.output.occurrences(of: frameEnd) >= 3 }
            kill(running.process.processIdentifier, signal)
        }
        #expect(run.status == status)
        #expect(run.stderr.isEmpty)
        let (terminal, frames) = replayFrames(run.stdout, columns: 40, rows: 12)
        #expect(frames.count >= 3)
        #expect(!terminal.isSynchronizing, "stopped between frames")
    }
}
