/// Where a picture sits inside a grid of cells once its aspect ratio is kept: the cells outside
/// this rectangle are the black bars.
public struct LetterboxLayout: Equatable, Sendable {
    public var originColumn: Int
    public var originRow: Int
    public var columns: Int
    public var rows: Int

    /// Fits a `frameWidth` x `frameHeight` picture (square pixels) into `columns` x `rows` cells
    /// whose width/height ratio in pixels is `cellPixelAspect`. An unusable aspect (zero, negative,
    /// not finite) falls back to 0.5, the usual shape of a terminal cell. Empty inputs give an empty
    /// rectangle; a non-empty grid always gets at least one picture cell.
    public init(frameWidth: Int, frameHeight: Int, columns: Int, rows: Int, cellPixelAspect: Double) {
        let aspect = cellPixelAspect.isFinite && cellPixelAspect > 0 ? cellPixelAspect : 0.5
        guard frameWidth > 0, frameHeight > 0, columns > 0, rows > 0 else {
            self.init(originColumn: 0, originRow: 0, columns: 0, rows: 0)
            return
        }
        let pictureAspect = Double(frameWidth) / Double(frameHeight)
        // The grid's own aspect in pixels: columns * aspect wide for every row high.
        let gridAspect = Double(columns) * aspect / Double(rows)
        var usedColumns = columns, usedRows = rows
        if pictureAspect >= gridAspect {
            usedRows = Self.clampedRound(Double(columns) * aspect / pictureAspect, limit: rows)
        } else {
            usedColumns = Self.clampedRound(Double(rows) * pictureAspect / aspect, limit: columns)
        }
        self.init(originColumn: (columns - usedColumns) / 2, originRow: (rows - usedRows) / 2,
                  columns: usedColumns, rows: usedRows)
    }

    public init(originColumn: Int, originRow: Int, columns: Int, rows: Int) {
        self.originColumn = originColumn
        self.originRow = originRow
        self.columns = columns
        self.rows = rows
    }

    private static func clampedRound(_ value: Double, limit: Int) -> Int {
        guard value.isFinite else { return limit }
        return min(limit, max(1, Int(value.rounded())))
    }
}
