import Testing
@testable import MediaIO

/// Property test: the writer's bytes, replayed into the in-memory terminal, reproduce the grid.
@Suite struct RenderReplayTests {
    @Test(arguments: 0..<12)
    func replayedBytesReproduceTheGrid(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &* 7919 &+ 17)
        for _ in 0..<6 {
            let screenColumns = Int.random(in: 0...40, using: &generator)
            let screenRows = Int.random(in: 0...14, using: &generator)
            let columns = Int.random(in: 0...36, using: &generator)
            let rows = Int.random(in: 0...12, using: &generator)
            let originColumn = Int.random(in: -3...max(0, screenColumns - columns + 3), using: &generator)
            let originRow = Int.random(in: -2...max(0, screenRows - rows + 2), using: &generator)
            let blitter = Blitter.allCases.randomElement(using: &generator)!
            let mode = ColorMode.allCases.randomElement(using: &generator)!
            let tolerance = [0, 0, 4, 12].randomElement(using: &generator)!
            let synchronized = Bool.random(using: &generator)
            var writer = TerminalDiffWriter(colorTolerance: tolerance)
            var terminal = TerminalEmulator(columns: screenColumns, rows: screenRows)
            let renderer = VideoRenderer()
            let context = "seed \(seed) screen \(screenColumns)x\(screenRows) grid \(columns)x\(rows)@\(originColumn),\(originRow) \(blitter) \(mode) tol \(tolerance)"

            for step in 0..<4 {
                let frame = RenderTestSupport.randomFrame(width: Int.random(in: 1...48, using: &generator),
                                                          height: Int.random(in: 1...33, using: &generator),
                                                          using: &generator)
                var grid = renderer.render(frame, columns: columns, rows: rows, blitter: blitter, colorMode: mode)
                if step == 3, let shown = writer.shown {
                    // A frame that barely differs from the screen exercises short gaps between changes.
                    grid = shown
                    for _ in 0..<min(3, grid.cells.count) {
                        let index = Int.random(in: 0..<grid.cells.count, using: &generator)
                        grid.cells[index] = Cell(character: "x", foreground: .indexed(3), background: .default)
                    }
                }
                let bytes = writer.frame(to: grid, originColumn: originColumn, originRow: originRow,
                                         screenColumns: screenColumns, screenRows: screenRows,
                                         synchronizedOutput: synchronized)
                terminal.feed(bytes)

                #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D), "\(context): newline in output")
                #expect(terminal.scrolledLines == 0, "\(context)")
                #expect(terminal.unsupportedSequences == 0, "\(context)")
                #expect(!terminal.isSynchronizing, "\(context)")
                #expect(terminal.foreground == .default && terminal.background == .default, "\(context)")
                if screenColumns > 0 && screenRows > 0 {
                    #expect(terminal.writeCount(column: screenColumns - 1, row: screenRows - 1) == 0, "\(context)")
                }
                guard let shown = writer.shown else {
                    Issue.record("\(context): no shown grid")
                    continue
                }
                // What the writer believes is shown is exactly what the terminal shows...
                #expect(terminal.region(column: originColumn, row: originRow, width: columns, height: rows)
                        == maskedToScreen(shown, originColumn: originColumn, originRow: originRow,
                                          screenColumns: screenColumns, screenRows: screenRows), "\(context) step \(step)")
                // ...and looks like the wanted grid, within the tolerance, wherever it can be drawn.
                for row in 0..<rows {
                    for column in 0..<columns where isDrawable(column + originColumn, row + originRow, screenColumns, screenRows) {
                        #expect(TerminalDiffWriter.cellsLookAlike(shown[column, row], grid[column, row], tolerance: tolerance),
                                "\(context) step \(step) cell \(column),\(row)")
                    }
                }
            }
        }
    }

    /// A realistic clip (small moving region, long unchanged runs) through an offset area of a
    /// larger screen, with exact colours: the terminal must end up showing every frame exactly.
    @Test(arguments: [Blitter.halfBlock, .sextant])
    func movingClipReplaysExactly(blitter: Blitter) {
        var writer = TerminalDiffWriter(colorTolerance: 0)
        var terminal = TerminalEmulator(columns: 90, rows: 30)
        for index in stride(from: 0, to: 40, by: 4) {
            let grid = VideoRenderer().render(TalkingHeadClip.frame(index, width: 320, height: 180), columns: 80, rows: 22,
                                              blitter: blitter)
            terminal.feed(writer.frame(to: grid, originColumn: 6, originRow: 5, screenColumns: 90, screenRows: 30))
            let shown = terminal.region(column: 6, row: 5, width: 80, height: 22)
            #expect(shown == writer.shown)
            #expect(zip(shown.cells, grid.cells).allSatisfy { TerminalDiffWriter.cellsLookAlike($0, $1, tolerance: 0) })
        }
        #expect(terminal.unsupportedSequences == 0 && terminal.scrolledLines == 0)
    }

    /// Cells the writer may not draw read as blank in the terminal (it starts cleared).
    private func maskedToScreen(_ grid: CellGrid, originColumn: Int, originRow: Int,
                                screenColumns: Int, screenRows: Int) -> CellGrid {
        var masked = grid
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                let x = column + originColumn, y = row + originRow
                if !(x >= 0 && x < screenColumns && y >= 0 && y < screenRows) { masked[column, row] = .blank }
            }
        }
        return masked
    }

    private func isDrawable(_ x: Int, _ y: Int, _ screenColumns: Int, _ screenRows: Int) -> Bool {
        x >= 0 && y >= 0 && x < screenColumns && y < screenRows && !(x == screenColumns - 1 && y == screenRows - 1)
    }
}
