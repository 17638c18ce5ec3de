import Testing
@testable import MediaIO

@Suite struct RenderDiffWriterTests {
    private static let escape: UInt8 = 0x1B

    private func grid(_ width: Int, _ height: Int, _ color: TerminalColor = .rgb(10, 20, 30)) -> CellGrid {
        CellGrid(width: width, height: height, fill: Cell(character: "\u{2580}", foreground: color, background: .rgb(200, 100, 0)))
    }

    private func count(_ needle: String, in bytes: [UInt8]) -> Int {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return 0 }
        return (0...(bytes.count - pattern.count)).filter { Array(bytes[$0..<($0 + pattern.count)]) == pattern }.count
    }

    @Test func firstFrameRedrawsEveryCellInsideSynchronizedOutput() {
        var writer = TerminalDiffWriter()
        let bytes = writer.frame(from: nil, to: grid(5, 3), originColumn: 2, originRow: 1, screenColumns: 20, screenRows: 10)
        #expect(bytes.starts(with: Array("\u{1B}[?2026h".utf8)))
        #expect(Array(bytes.suffix(8)) == Array("\u{1B}[?2026l".utf8))
        var terminal = TerminalEmulator(columns: 20, rows: 10)
        terminal.feed(bytes)
        for row in 0..<10 {
            for column in 0..<20 {
                let inside = (2..<7).contains(column) && (1..<4).contains(row)
                #expect(terminal.writeCount(column: column, row: row) == (inside ? 1 : 0))
            }
        }
    }

    @Test func identicalFramesWriteNothingNotEvenTheSyncWrapper() {
        var writer = TerminalDiffWriter(colorTolerance: 0)
        _ = writer.frame(to: grid(8, 4), screenColumns: 8, screenRows: 4)
        #expect(writer.frame(to: grid(8, 4), screenColumns: 8, screenRows: 4).isEmpty)
        #expect(writer.frame(from: grid(8, 4), to: grid(8, 4), screenColumns: 8, screenRows: 4).isEmpty)
    }

    @Test func withoutSynchronizedOutputThereIsNoWrapper() {
        var writer = TerminalDiffWriter()
        let bytes = writer.frame(to: grid(3, 2), screenColumns: 10, screenRows: 10, synchronizedOutput: false)
        #expect(count("2026", in: bytes) == 0)
        #expect(bytes.first == Self.escape)
    }

    @Test func theBottomRightScreenCellIsNeverWrittenAndNothingEndsInANewline() {
        var writer = TerminalDiffWriter()
        var terminal = TerminalEmulator(columns: 6, rows: 3)
        for color in [TerminalColor.rgb(1, 2, 3), .indexed(200), .indexed(9), .default] {
            let bytes = writer.frame(to: grid(6, 3, color), screenColumns: 6, screenRows: 3)
            terminal.feed(bytes)
            #expect(bytes.last != 0x0A)
            #expect(!bytes.contains(0x0A))
        }
        #expect(terminal.writeCount(column: 5, row: 2) == 0)
        #expect(terminal.writeCount(column: 4, row: 2) > 0)
        #expect(terminal.scrolledLines == 0)
    }

    @Test func onlyChangedCellsAreWritten() {
        var writer = TerminalDiffWriter(colorTolerance: 0)
        var next = grid(10, 5)
        _ = writer.frame(to: next, screenColumns: 10, screenRows: 5)
        next[7, 3] = Cell(character: "@", foreground: .indexed(2), background: .default)
        let bytes = writer.frame(to: next, screenColumns: 10, screenRows: 5, synchronizedOutput: false)
        var terminal = TerminalEmulator(columns: 10, rows: 5)
        terminal.feed(bytes)
        #expect(terminal.writeCounts.reduce(0, +) == 1)
        #expect(terminal.screen[7, 3] == next[7, 3])
        // CUP to row 4, column 8, then the colours, the glyph and the reset.
        #expect(bytes == Array("\u{1B}[4;8H\u{1B}[32;49m@\u{1B}[m".utf8))
    }

    @Test func coloursAreSetOnlyWhenTheyChange() {
        var writer = TerminalDiffWriter()
        let bytes = writer.frame(to: grid(12, 1), screenColumns: 20, screenRows: 5, synchronizedOutput: false)
        #expect(count("38;2;10;20;30", in: bytes) == 1)
        #expect(count("48;2;200;100;0", in: bytes) == 1)
        #expect(count("\u{2580}", in: bytes) == 12)
    }

    @Test func colourEncodingsFollowTheColourKind() {
        var writer = TerminalDiffWriter()
        var line = CellGrid(width: 4, height: 1)
        line[0, 0] = Cell(character: "a", foreground: .rgb(1, 2, 3), background: .indexed(200))
        line[1, 0] = Cell(character: "b", foreground: .indexed(1), background: .indexed(4))
        line[2, 0] = Cell(character: "c", foreground: .indexed(9), background: .indexed(12))
        line[3, 0] = Cell(character: "d", foreground: .default, background: .default)
        let bytes = writer.frame(to: line, screenColumns: 10, screenRows: 2, synchronizedOutput: false)
        #expect(bytes == Array("\u{1B}[H\u{1B}[38;2;1;2;3;48;5;200ma\u{1B}[31;44mb\u{1B}[91;104mc\u{1B}[md".utf8))
    }

    @Test func halfBlocksFlipToSaveColourChanges() {
        var writer = TerminalDiffWriter()
        var line = CellGrid(width: 6, height: 1)
        for column in 0..<6 {
            let (a, b) = (TerminalColor.rgb(255, 0, 0), TerminalColor.rgb(0, 0, 255))
            line[column, 0] = Cell(character: "\u{2580}", foreground: column % 2 == 0 ? a : b, background: column % 2 == 0 ? b : a)
        }
        let bytes = writer.frame(to: line, screenColumns: 10, screenRows: 2, synchronizedOutput: false)
        #expect(count("m", in: bytes) == 2)  // one colour change and the final reset
        var terminal = TerminalEmulator(columns: 10, rows: 2)
        terminal.feed(bytes)
        for column in 0..<6 {
            #expect(TerminalDiffWriter.cellsLookAlike(terminal.screen[column, 0], line[column, 0], tolerance: 0))
        }
        #expect(terminal.screen[1, 0].character == "\u{2584}")
    }

    @Test func shortGapsAreWrittenThroughAndLongOnesSkipped() {
        // Plain one-byte letters in unchanged colours: a one-cell gap costs 1 byte to rewrite
        // against 3 for ESC[C. (A half block is 3 bytes of UTF-8, so those gaps are always jumped.)
        var writer = TerminalDiffWriter(colorTolerance: 0)
        let base = CellGrid(width: 40, height: 2, fill: Cell(character: "a", foreground: .indexed(7), background: .indexed(0)))
        _ = writer.frame(to: base, screenColumns: 40, screenRows: 2)
        var next = base
        for column in [0, 2, 30] { next[column, 0].character = "b" }
        let bytes = writer.frame(to: next, screenColumns: 40, screenRows: 2, synchronizedOutput: false)
        var terminal = TerminalEmulator(columns: 40, rows: 2)
        terminal.feed(bytes)
        #expect(terminal.writeCount(column: 1, row: 0) == 1)   // one-cell gap: cheaper to rewrite
        #expect(terminal.writeCount(column: 10, row: 0) == 0)  // long gap: CUF
        #expect(count("\u{1B}[27C", in: bytes) == 1)
    }

    @Test func toleranceAbsorbsNoiseWithoutLettingDriftAccumulate() {
        var writer = TerminalDiffWriter(colorTolerance: 6)
        var terminal = TerminalEmulator(columns: 4, rows: 2)
        var writesOfDrift: [Int] = []
        for step in 0...12 {
            let level = UInt8(100 + 2 * step)  // creeps up by two levels a frame
            let bytes = writer.frame(to: grid(3, 1, .rgb(level, level, level)), screenColumns: 4, screenRows: 2)
            terminal.feed(bytes)
            if !bytes.isEmpty { writesOfDrift.append(step) }
            guard case .rgb(let shown, _, _) = terminal.screen[0, 0].foreground else {
                Issue.record("lost the colour")
                return
            }
            #expect(abs(Int(shown) - Int(level)) <= 6, "step \(step): screen \(shown), wanted \(level)")
        }
        // The first frame, then a rewrite each time the drift passes the tolerance: not every frame.
        #expect(writesOfDrift.first == 0)
        #expect(writesOfDrift.count > 2 && writesOfDrift.count < 8)
        #expect(writer.shown == terminal.region(column: 0, row: 0, width: 3, height: 1))
    }

    @Test func aResizedGridIsRedrawnInFull() {
        var writer = TerminalDiffWriter()
        _ = writer.frame(to: grid(4, 2), screenColumns: 10, screenRows: 10)
        let bytes = writer.frame(to: grid(5, 2), screenColumns: 10, screenRows: 10)
        var terminal = TerminalEmulator(columns: 10, rows: 10)
        terminal.feed(bytes)
        #expect(terminal.writeCounts.reduce(0, +) == 10)
        writer.invalidate()
        #expect(writer.shown == nil)
    }

    @Test func extremeOriginsAndTolerancesDoNotTrap() {
        var writer = TerminalDiffWriter(colorTolerance: .max)
        for (column, row) in [(Int.max, 0), (0, Int.max), (Int.min, 0), (0, Int.min), (Int.min, Int.max)] {
            #expect(writer.frame(from: nil, to: grid(3, 3), originColumn: column, originRow: row,
                                 screenColumns: 80, screenRows: 24).isEmpty)
        }
        #expect(writer.frame(from: nil, to: grid(3, 3), screenColumns: .max, screenRows: 24).count > 0)
        #expect(TerminalDiffWriter.cellsLookAlike(grid(1, 1).cells[0], grid(1, 1, .rgb(255, 255, 255)).cells[0], tolerance: .max))
        #expect(!TerminalDiffWriter.cellsLookAlike(grid(1, 1).cells[0], grid(1, 1, .rgb(255, 255, 255)).cells[0], tolerance: .min))
        #expect(CellGrid(width: .max, height: 2).cells.isEmpty)
        var terminal = TerminalEmulator(columns: 5, rows: 5)
        terminal.feed(Array("\u{1B}[9223372036854775807B\u{1B}[9223372036854775807;9223372036854775807Hx".utf8))
        #expect(terminal.writeCount(column: 4, row: 4) == 1)
    }

    @Test func degenerateScreensWriteNothing() {
        var writer = TerminalDiffWriter()
        #expect(writer.frame(to: grid(3, 3), screenColumns: 0, screenRows: 0).isEmpty)
        #expect(writer.frame(to: grid(3, 3), screenColumns: 1, screenRows: 1).isEmpty)  // only the bottom-right cell
        #expect(writer.frame(to: grid(0, 0), screenColumns: 80, screenRows: 24).isEmpty)
        #expect(writer.frame(to: grid(3, 3), originColumn: 100, originRow: 100, screenColumns: 80, screenRows: 24).isEmpty)
        #expect(writer.frame(to: grid(3, 3), originColumn: -5, originRow: -5, screenColumns: 80, screenRows: 24).isEmpty)
    }
}
