/// A rectangle of cells in row-major order: the in-memory frame that is diffed and then written.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public var cells: [Cell]

    /// A grid filled with `fill`. Negative sizes, and sizes whose cell count overflows, give an
    /// empty grid so odd terminal sizes never trap.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        let (count, overflow) = max(0, width).multipliedReportingOverflow(by: max(0, height))
        self.width = overflow ? 0 : max(0, width)
        self.height = overflow ? 0 : max(0, height)
        cells = [Cell](repeating: fill, count: overflow ? 0 : count)
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
