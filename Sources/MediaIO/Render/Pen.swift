/// The terminal's cursor and current colours as far as the diff writer knows them; nil is unknown
/// (at the start of every frame, since other code may have drawn in between).
struct Pen {
    var row: Int?
    var column: Int?
    var foreground: TerminalColor?
    var background: TerminalColor?

    /// Writes `cell` at the cursor in its cheapest encoding for the current colours and returns the
    /// cell as the terminal now holds it (the same picture, possibly another glyph, and the pen's
    /// colour on a side that cannot be seen).
    mutating func write<Sink: EscapeSink>(_ cell: Cell, into out: inout Sink) -> Cell {
        let encoded = cheapestEncoding(of: cell)
        out.appendColors(from: foreground, background, to: encoded.foreground, encoded.background)
        out.append(scalar: encoded.character)
        foreground = encoded.foreground
        background = encoded.background
        if let current = column { column = current + 1 }
        return encoded
    }

    private func cheapestEncoding(of cell: Cell) -> Cell {
        guard let halves = HalfBlockCell(cell) else { return cell }
        let first: Cell, second: Cell
        if halves.top == halves.bottom {
            // A space keeps any foreground and a full block any background, but only a known one.
            first = Cell(character: " ", foreground: foreground ?? halves.top, background: halves.top)
            second = Cell(character: HalfBlockCell.full, foreground: halves.top, background: background ?? halves.top)
        } else {
            first = Cell(character: HalfBlockCell.upper, foreground: halves.top, background: halves.bottom)
            second = Cell(character: HalfBlockCell.lower, foreground: halves.bottom, background: halves.top)
        }
        return cost(of: second) < cost(of: first) ? second : first
    }

    private func cost(of cell: Cell) -> Int {
        var counter = EscapeByteCounter()
        counter.appendColors(from: foreground, background, to: cell.foreground, cell.background)
        counter.append(scalar: cell.character)
        return counter.count
    }
}
