/// The chrome of one frame, built in memory: a character and a style per cell. `CallScreen` copies
/// it into curses; tests read it directly. Drawing outside the canvas is clipped, never a crash.
public struct ChromeCanvas: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var character: Unicode.Scalar
        public var style: ChromeStyle

        public init(character: Unicode.Scalar = " ", style: ChromeStyle = .normal) {
            self.character = character
            self.style = style
        }
    }

    public private(set) var columns: Int
    public private(set) var rows: Int
    public private(set) var cells: [Cell]
    /// Whether text is reduced to ASCII (non-UTF-8 locale).
    public var asciiOnly: Bool

    public init(columns: Int, rows: Int, asciiOnly: Bool = false) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: Cell(), count: self.columns * self.rows)
    }

    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * columns + column] }
        set { cells[row * columns + column] = newValue }
    }

    public func text(ofRow row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var text = String.UnicodeScalarView()
        for column in 0..<columns { text.append(self[column, row].character) }
        return String(text)
    }

    /// All rows joined with newlines.
    public var text: String { (0..<rows).map { text(ofRow: $0) }.joined(separator: "\n") }

    public mutating func put(_ character: Unicode.Scalar, column: Int, row: Int, style: ChromeStyle) {
        guard column >= 0, column < columns, row >= 0, row < rows else { return }
        self[column, row] = Cell(character: character, style: style)
    }

    /// Writes `text` from (`column`, `row`), clipped to `limit` cells (and the canvas); a clipped
    /// text ends with an ellipsis. Returns the number of cells written.
    @discardableResult
    public mutating func write(_ text: String, column: Int, row: Int, style: ChromeStyle, limit: Int? = nil,
                               ellipsis: Unicode.Scalar = "…") -> Int {
        var scalars = DisplayWidth.cells(text, asciiOnly: asciiOnly)
        let room = min(limit ?? Int.max, columns - column)
        guard room > 0 else { return 0 }
        if scalars.count > room {
            scalars = Array(scalars.prefix(room))
            scalars[room - 1] = asciiOnly ? "~" : ellipsis
        }
        for (offset, scalar) in scalars.enumerated() { put(scalar, column: column + offset, row: row, style: style) }
        return scalars.count
    }

    public mutating func fill(_ rect: CellRect, character: Unicode.Scalar = " ", style: ChromeStyle) {
        let clipped = rect.intersection(CellRect(column: 0, row: 0, width: columns, height: rows))
        guard !clipped.isEmpty else { return }
        for row in clipped.row..<clipped.endRow {
            for column in clipped.column..<clipped.endColumn {
                self[column, row] = Cell(character: character, style: style)
            }
        }
    }

    /// A border around `rect` with `title` set into its top edge.
    public mutating func box(_ rect: CellRect, glyphs: ChromeGlyphs, style: ChromeStyle, title: String? = nil,
                             titleStyle: ChromeStyle? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.endColumn - 1, bottom = rect.endRow - 1
        for column in rect.column + 1..<right {
            put(glyphs.horizontal, column: column, row: rect.row, style: style)
            put(glyphs.horizontal, column: column, row: bottom, style: style)
        }
        for row in rect.row + 1..<bottom {
            put(glyphs.vertical, column: rect.column, row: row, style: style)
            put(glyphs.vertical, column: right, row: row, style: style)
        }
        put(glyphs.topLeft, column: rect.column, row: rect.row, style: style)
        put(glyphs.topRight, column: right, row: rect.row, style: style)
        put(glyphs.bottomLeft, column: rect.column, row: bottom, style: style)
        put(glyphs.bottomRight, column: right, row: bottom, style: style)
        if let title, rect.width > 4 {
            write(" " + title + " ", column: rect.column + 1, row: rect.row, style: titleStyle ?? style,
                  limit: rect.width - 2, ellipsis: glyphs.ellipsis.unicodeScalars.first ?? "~")
        }
    }
}
