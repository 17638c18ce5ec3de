/// A rectangle of cells in row-major order: the in-memory frame that is diffed and then written.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public var cells: [Cell]

    /// A grid filled with `fill`; negative sizes are treated as zero so odd terminal sizes never trap.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    /// The cell at a column and row; callers keep the coordinates inside the grid.
    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// The characters of one row as a string, handy for tests and debugging.
    public func text(ofRow row: Int) -> String {
        var text = String.UnicodeScalarView()
        for column in 0..<width { text.append(self[column, row].character) }
        return String(text)
    }
}
