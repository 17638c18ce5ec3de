/// Turns the cells the terminal shows into the cells wanted with as few bytes as it can: only
/// cells that visibly changed are written, colours are set only when they change, and the cursor
/// takes the cheapest way between changed cells.
///
/// The writer tracks in `shown` what the terminal really displays, including cells left stale
/// because they changed less than `colorTolerance`; diffing against that (rather than against the
/// last wanted grid) keeps small changes from accumulating into visible drift.
///
/// Output never writes the screen's bottom-right cell (which would scroll some terminals) and never
/// ends with a newline. Colours are reset to the defaults at the end so text drawn afterwards is
/// not tinted; the cursor is left wherever the last cell put it.
public struct TerminalDiffWriter: Sendable {
    /// The largest colour difference treated as no change, on a 0...255 scale (a weighted RGB
    /// distance, see `cellsLookAlike`). 0 writes every change; a few units absorb sensor noise.
    public var colorTolerance: Int

    /// What the terminal shows in the area written by the last `frame` call (same size as that
    /// call's grid), or nil before the first call. Pass it back as `old` for the next frame.
    public private(set) var shown: CellGrid?

    /// Webcam sensor noise typically moves a colour by a few levels; 6 absorbs that while a real
    /// change (a moving edge) is tens of levels.
    public static let defaultColorTolerance = 6

    public init(colorTolerance: Int = defaultColorTolerance) {
        self.colorTolerance = colorTolerance
    }

    /// Bytes that turn the terminal area at (`originColumn`, `originRow`) (0-based screen cells)
    /// from showing `old` into showing `new`. A nil `old`, or one of another size, redraws every
    /// cell. Cells falling outside the `screenColumns` x `screenRows` screen are not written.
    /// With `synchronizedOutput` the bytes are wrapped in DEC mode 2026 so the terminal shows the
    /// frame at once; when nothing needs writing the result is empty, without the wrapper.
    public mutating func frame(from old: CellGrid?, to new: CellGrid, originColumn: Int = 0, originRow: Int = 0,
                               screenColumns: Int, screenRows: Int, synchronizedOutput: Bool = true) -> [UInt8] {
        let previous = old.flatMap { $0.width == new.width && $0.height == new.height ? $0 : nil }
        var result = previous ?? CellGrid(width: new.width, height: new.height)
        var pen = Pen()
        var out: [UInt8] = []
        out.reserveCapacity(previous == nil ? new.cells.count * 24 : 4096)
        if synchronizedOutput { out.append(contentsOf: Self.beginSynchronized) }
        let bodyStart = out.count
        let toleranceSquared = Self.squared(tolerance: colorTolerance)
        // Beyond these bounds nothing is visible, and inside them the coordinate sums below
        // cannot overflow whatever the origin.
        let isVisible = originColumn < screenColumns && originRow < screenRows
            && originColumn > -new.width && originRow > -new.height

        for row in 0..<(isVisible ? new.height : 0) {
            let screenRow = originRow + row
            guard screenRow >= 0, screenRow < screenRows else { continue }
            // The visible columns of this row, without the bottom-right screen cell.
            let lastScreenColumn = screenRow == screenRows - 1 ? screenColumns - 2 : screenColumns - 1
            let firstColumn = max(0, -originColumn)
            let endColumn = min(new.width, lastScreenColumn - originColumn + 1)
            guard firstColumn < endColumn else { continue }
            for column in firstColumn..<endColumn {
                let wanted = new[column, row]
                if let previous, Self.cellsLookAlike(previous[column, row], wanted, toleranceSquared: toleranceSquared) {
                    continue
                }
                let screenColumn = originColumn + column
                let gap = moveCursor(to: screenColumn, row: screenRow, pen: &pen, out: &out, next: wanted) { new[column - $0, row] }
                for distance in stride(from: gap, to: 0, by: -1) {
                    // Writing through a gap cell shows its wanted contents.
                    result[column - distance, row] = pen.write(new[column - distance, row], into: &out)
                }
                let written = pen.write(wanted, into: &out)
                result[column, row] = written
                if screenColumn == screenColumns - 1 { pen.column = nil }  // pending wrap: position unknown
            }
        }

        guard out.count > bodyStart else {
            shown = result
            return []
        }
        if pen.foreground != .default || pen.background != .default {
            out.appendColors(from: pen.foreground, pen.background, to: .default, .default)
        }
        if synchronizedOutput { out.append(contentsOf: Self.endSynchronized) }
        shown = result
        return out
    }

    /// The same as `frame(from: shown, ...)`: diffs against what this writer last put on screen.
    public mutating func frame(to new: CellGrid, originColumn: Int = 0, originRow: Int = 0,
                               screenColumns: Int, screenRows: Int, synchronizedOutput: Bool = true) -> [UInt8] {
        frame(from: shown, to: new, originColumn: originColumn, originRow: originRow,
              screenColumns: screenColumns, screenRows: screenRows, synchronizedOutput: synchronizedOutput)
    }

    /// Forgets what the terminal shows, so the next frame is a full redraw (after a resize, or when
    /// something else drew over the area).
    public mutating func invalidate() {
        shown = nil
    }

    /// Moves the pen to a screen cell by the cheapest of: nothing, CUF, CNL plus CUF, CUP, or
    /// writing through the cells in between (their wanted contents, `gapCell(distance back)`). In
    /// the last case it returns how many cells the caller must write through, otherwise 0. Each way
    /// is priced together with writing `next`, since it leaves different colours set.
    private func moveCursor(to column: Int, row: Int, pen: inout Pen, out: inout [UInt8], next: Cell,
                            gapCell: (Int) -> Cell) -> Int {
        if pen.row == row, let current = pen.column, current <= column {
            let gap = column - current
            if gap == 0 { return 0 }
            var jump = EscapeByteCounter()
            jump.appendCursorMove(gap, final: 0x43)
            // Writing through costs at least one byte a cell, so only short gaps can win.
            if gap <= jump.count {
                var jumped = pen
                _ = jumped.write(next, into: &jump)
                var through = pen
                var counter = EscapeByteCounter()
                for distance in stride(from: gap, to: 0, by: -1) { _ = through.write(gapCell(distance), into: &counter) }
                _ = through.write(next, into: &counter)
                if counter.count < jump.count { return gap }
            }
            out.appendCursorMove(gap, final: 0x43)
            pen.column = column
            return 0
        }
        var absolute = EscapeByteCounter()
        absolute.appendCursorPosition(column: column, row: row)
        if let currentRow = pen.row, currentRow < row {
            var relative = EscapeByteCounter()
            relative.appendCursorMove(row - currentRow, final: 0x45)
            if column > 0 { relative.appendCursorMove(column, final: 0x43) }
            if relative.count < absolute.count {
                out.appendCursorMove(row - currentRow, final: 0x45)
                if column > 0 { out.appendCursorMove(column, final: 0x43) }
                pen.row = row
                pen.column = column
                return 0
            }
        }
        out.appendCursorPosition(column: column, row: row)
        pen.row = row
        pen.column = column
        return 0
    }

    /// Whether two cells look the same within a tolerance given as 9 x distance squared. Colours
    /// that cannot be seen are ignored (the foreground of a space, the background of a full block),
    /// and half-block cells compare by their top and bottom colours, so `▀` on a/b equals `▄` on b/a.
    public static func cellsLookAlike(_ a: Cell, _ b: Cell, tolerance: Int) -> Bool {
        cellsLookAlike(a, b, toleranceSquared: squared(tolerance: tolerance))
    }

    /// The tolerance in the units of `RGBColor.weightedDistanceSquared` (weights sum to 9),
    /// clamped to 0...255 since 255 already covers every pair of colours.
    static func squared(tolerance: Int) -> Int {
        let clamped = min(255, max(0, tolerance))
        return 9 * clamped * clamped
    }

    static func cellsLookAlike(_ a: Cell, _ b: Cell, toleranceSquared: Int) -> Bool {
        if let halvesA = HalfBlockCell(a), let halvesB = HalfBlockCell(b) {
            return colorsLookAlike(halvesA.top, halvesB.top, toleranceSquared)
                && colorsLookAlike(halvesA.bottom, halvesB.bottom, toleranceSquared)
        }
        guard a.character == b.character else { return false }
        return colorsLookAlike(a.foreground, b.foreground, toleranceSquared)
            && colorsLookAlike(a.background, b.background, toleranceSquared)
    }

    @inline(__always)
    static func colorsLookAlike(_ a: TerminalColor, _ b: TerminalColor, _ toleranceSquared: Int) -> Bool {
        if a == b { return true }
        guard toleranceSquared > 0, let rgbA = a.approximateRGB, let rgbB = b.approximateRGB else { return false }
        return rgbA.weightedDistanceSquared(to: rgbB) <= toleranceSquared
    }

    static let beginSynchronized: [UInt8] = Array("\u{1B}[?2026h".utf8)
    static let endSynchronized: [UInt8] = Array("\u{1B}[?2026l".utf8)
}
