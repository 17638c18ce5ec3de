import Foundation
import Testing

/// Bad input to `kaamos-tui preview`: one line on standard error, nothing on standard output, the
/// documented exit status, never a crash.
@Suite struct PreviewErrorTests {
    static func expectOneLine(_ run: KaamosBinary.Run, status: Int32, _ sentence: String) {
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stderrLines == ["kaamos-tui: \(sentence)"])
        #expect(run.stdout.isEmpty)
    }

    @Test func missingFile() throws {
        let run = try KaamosBinary.run(["preview", "--video-file", "/nonexistent/clip.y4m"])
        Self.expectOneLine(run, status: 1, "/nonexistent/clip.y4m: cannot open: No such file or directory")
    }

    @Test func truncatedAndEmptyFiles() throws {
        let directory = NSTemporaryDirectory() + "kaamos-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cut = directory + "/cut.y4m"
        try Data("YUV4MPEG2 W64 H36 F30:1\nFRAME\n".utf8 + [UInt8](repeating: 128, count: 100)).write(to: URL(fileURLWithPath: cut))
        let truncated = try KaamosBinary.run(["preview", "--video-file", cut])
        Self.expectOneLine(truncated, status: 1, "\(cut): truncated frame 0 (expected 3456 bytes, found 100) at byte offset 30")

        let empty = directory + "/empty.y4m"
        try Data("YUV4MPEG2 W64 H36 F30:1\n".utf8).write(to: URL(fileURLWithPath: empty))
        Self.expectOneLine(try KaamosBinary.run(["preview", "--video-file", empty]), status: 1, "\(empty): the file holds no video frame")

        let notVideo = directory + "/notes.y4m"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notVideo))
        let garbage = try KaamosBinary.run(["preview", "--video-file", notVideo])
        #expect(garbage.status == 1)
        #expect(garbage.stderrLines.count == 1 && garbage.stderrLines[0].hasPrefix("kaamos-tui: \(notVideo): "))
    }

    @Test(arguments: ["0x24", "80x0", "80x", "x24", "eighty", "3x2", "80x1", "-1x5", "100000x100000", "80x24x1"])
    func badSizes(size: String) throws {
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--size=\(size)"])
        Self.expectOneLine(run, status: 64, "--size must be COLUMNSxROWS such as 80x24, from 4x2 to 2000x1000; got '\(size)'")
    }

    @Test func badValuesOfTheOtherOptions() throws {
        Self.expectOneLine(try KaamosBinary.run(["preview", "--test-pattern", "--renderer", "sixel"]), status: 64,
                           "--renderer must be half, quadrant, sextant, braille or ascii; got 'sixel'")
        Self.expectOneLine(try KaamosBinary.run(["preview", "--test-pattern", "--color", "many"]), status: 64,
                           "--color must be auto, truecolor, 256, 16 or mono; got 'many'")
        Self.expectOneLine(try KaamosBinary.run(["preview", "--test-pattern", "--frames=-2"]), status: 64,
                           "--frames must be a positive whole number; got '-2'")
        Self.expectOneLine(try KaamosBinary.run(["preview", "--test-pattern", "--fps", "0.5"]), status: 64,
                           "--fps must be a number from 1 to 240; got '0.5'")
        Self.expectOneLine(try KaamosBinary.run(["preview", "--test-pattern", "--video-device", "/dev/video0"]), status: 64,
                           "choose one source: --video-device, --video-file or --test-pattern")
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/dev/video0"), "this machine has a camera"))
    func noCameraByDefaultSuggestsTheTestPattern() throws {
        let run = try KaamosBinary.run(["preview", "--frames", "1"])
        Self.expectOneLine(run, status: 1,
                           "no camera to preview (camera /dev/video0: no such device); pass --test-pattern to check the terminal without one")
    }

    @Test func aNamedDeviceThatIsNoCamera() throws {
        let run = try KaamosBinary.run(["preview", "--video-device", "/dev/null"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1 && run.stderrLines[0].hasPrefix("kaamos-tui: camera /dev/null: "), "\(run.stderr)")
    }

    @Test func oddButValidSizesWork() throws {
        for size in ["4x2", "81x25", "1999x3"] {
            let run = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "2", "--fps", "100", "--size", size])
            #expect(run.status == 0, "\(size): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
