/// A rectangle of terminal cells, 0-based, row 0 at the top. Empty when either side is not positive.
public struct CellRect: Sendable, Equatable, Hashable {
    public var column: Int
    public var row: Int
    public var width: Int
    public var height: Int

    public init(column: Int, row: Int, width: Int, height: Int) {
        self.column = column
        self.row = row
        self.width = width
        self.height = height
    }

    public static let empty = CellRect(column: 0, row: 0, width: 0, height: 0)

    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// One past the last column and row.
    public var endColumn: Int { column + width }
    public var endRow: Int { row + height }

    public func contains(column x: Int, row y: Int) -> Bool {
        !isEmpty && x >= column && x < endColumn && y >= row && y < endRow
    }

    /// The common part of two rectangles, empty when they do not overlap.
    public func intersection(_ other: CellRect) -> CellRect {
        let left = max(column, other.column), top = max(row, other.row)
        let right = min(endColumn, other.endColumn), bottom = min(endRow, other.endRow)
        guard !isEmpty, !other.isEmpty, left < right, top < bottom else { return .empty }
        return CellRect(column: left, row: top, width: right - left, height: bottom - top)
    }

    public func intersects(_ other: CellRect) -> Bool { !intersection(other).isEmpty }

    /// The rectangle shrunk by `amount` cells on every side (empty when nothing is left).
    public func insetBy(_ amount: Int) -> CellRect {
        let inset = CellRect(column: column + amount, row: row + amount, width: width - 2 * amount,
                             height: height - 2 * amount)
        return inset.isEmpty ? CellRect(column: inset.column, row: inset.row, width: 0, height: 0) : inset
    }

    /// What is left of this rectangle once `other` is cut out, as up to four disjoint rectangles:
    /// the full-width bands above and below, then the parts left and right of the cut.
    public func subtracting(_ other: CellRect) -> [CellRect] {
        guard !isEmpty else { return [] }
        let cut = intersection(other)
        guard !cut.isEmpty else { return [self] }
        var parts: [CellRect] = []
        if cut.row > row { parts.append(CellRect(column: column, row: row, width: width, height: cut.row - row)) }
        if cut.endRow < endRow {
            parts.append(CellRect(column: column, row: cut.endRow, width: width, height: endRow - cut.endRow))
        }
        if cut.column > column {
            parts.append(CellRect(column: column, row: cut.row, width: cut.column - column, height: cut.height))
        }
        if cut.endColumn < endColumn {
            parts.append(CellRect(column: cut.endColumn, row: cut.row, width: endColumn - cut.endColumn, height: cut.height))
        }
        return parts
    }

    /// What is left of this rectangle once every rectangle in `others` is cut out.
    public func subtracting(_ others: [CellRect]) -> [CellRect] {
        others.reduce([self]) { parts, cut in parts.flatMap { $0.subtracting(cut) } }
    }
}
