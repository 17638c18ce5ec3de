/// Where everything goes on a terminal of a given size: a pure function, so resizing is just
/// computing it again and tests need no terminal.
///
/// Row 0 is the header (room, name, notice), the last row the status line. Between them the video
/// area holds the tile grid, with the side panel (participants, chat) on the right when open and
/// the self-view as a picture-in-picture in the video area's bottom-right corner.
public enum CallLayout {
    public struct Layout: Sendable, Equatable {
        public var columns: Int
        public var rows: Int
        public var header: CellRect
        public var status: CellRect
        /// The area between header and status line left of the side panel.
        public var videoArea: CellRect
        /// One outer rectangle (border included) per tile, in tile order; empty when it does not fit.
        public var tiles: [CellRect]
        /// The self-view's outer rectangle (border included), nil when hidden or too small.
        public var selfView: CellRect?
        public var sidePanel: CellRect?

        /// The row of the status line, nil on a terminal without rows.
        public var statusRow: Int? { status.isEmpty ? nil : status.row }

        /// A centred box of at most `width` x `height` cells inside the rows between header and
        /// status line, for overlays.
        public func overlay(width: Int, height: Int) -> CellRect {
            let area = CellRect(column: 0, row: header.endRow, width: columns,
                                height: max(0, (status.isEmpty ? rows : status.row) - header.endRow))
            let w = min(width, area.width), h = min(height, area.height)
            guard w > 0, h > 0 else { return .empty }
            return CellRect(column: area.column + (area.width - w) / 2, row: area.row + (area.height - h) / 2,
                            width: w, height: h)
        }
    }

    /// The layout of a `columns` x `rows` terminal. `videoAspect` is the pictures' width / height
    /// and `cellPixelAspect` a cell's width / height in pixels; tiles keep the video's shape as far
    /// as the grid allows. Any size, even 0 x 0 or negative, gives a layout (of empty rectangles).
    public static func compute(columns: Int, rows: Int, tileCount: Int, showSelfView: Bool, sidePanel: Bool,
                               videoAspect: Double = 16.0 / 9.0, cellPixelAspect: Double = 0.5) -> Layout {
        let columns = max(0, columns), rows = max(0, rows), tileCount = max(0, tileCount)
        let status = rows >= 1 && columns > 0 ? CellRect(column: 0, row: rows - 1, width: columns, height: 1) : .empty
        let header = rows >= 2 && columns > 0 ? CellRect(column: 0, row: 0, width: columns, height: 1) : .empty
        let middle = CellRect(column: 0, row: header.endRow, width: columns,
                              height: max(0, rows - header.height - status.height))

        var panel: CellRect?
        var videoArea = middle
        if sidePanel, !middle.isEmpty {
            // About a third of the width, readable but never squeezing the video below half.
            let width = min(middle.width, max(24, min(40, middle.width * 3 / 10)))
            panel = CellRect(column: middle.endColumn - width, row: middle.row, width: width, height: middle.height)
            videoArea.width = middle.width - width
        }

        // Cells per picture row: a cell is `cellPixelAspect` as wide as it is tall.
        let shape = videoAspect / max(0.1, cellPixelAspect)
        let tiles = grid(count: tileCount, in: videoArea, shape: shape)
        let selfView = showSelfView ? pictureInPicture(in: videoArea, shape: shape) : nil
        return Layout(columns: columns, rows: rows, header: header, status: status, videoArea: videoArea,
                      tiles: tiles, selfView: selfView, sidePanel: panel)
    }

    /// Tiles for `count` pictures of `shape` (columns per row of cells): the grid of c columns and
    /// ceil(count / c) rows whose pictures come out largest, each tile shrunk to the picture's shape,
    /// the tiles side by side as one block centred in the area; a short last row is centred too.
    static func grid(count: Int, in area: CellRect, shape: Double) -> [CellRect] {
        guard count > 0 else { return [] }
        guard !area.isEmpty else { return Array(repeating: .empty, count: count) }
        var best: (columns: Int, score: Int) = (1, -1)
        for gridColumns in 1...count {
            let gridRows = (count + gridColumns - 1) / gridColumns
            let picture = fit(width: area.width / gridColumns - 2, height: area.height / gridRows - 2, shape: shape)
            let score = picture.width * picture.height
            if score > best.score { best = (gridColumns, score) }
        }
        let gridColumns = best.columns, gridRows = (count + gridColumns - 1) / gridColumns
        let picture = fit(width: area.width / gridColumns - 2, height: area.height / gridRows - 2, shape: shape)
        guard picture.width > 0, picture.height > 0 else { return Array(repeating: .empty, count: count) }
        let tileWidth = picture.width + 2, tileHeight = picture.height + 2
        let top = area.row + (area.height - gridRows * tileHeight) / 2
        var tiles: [CellRect] = []
        for index in 0..<count {
            let gridRow = index / gridColumns, gridColumn = index % gridColumns
            let inThisRow = min(gridColumns, count - gridRow * gridColumns)
            let left = area.column + (area.width - inThisRow * tileWidth) / 2
            tiles.append(CellRect(column: left + gridColumn * tileWidth, row: top + gridRow * tileHeight,
                                  width: tileWidth, height: tileHeight))
        }
        return tiles
    }

    /// The largest `shape`d picture inside `width` x `height` cells (0 x 0 when nothing fits).
    static func fit(width: Int, height: Int, shape: Double) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return (0, 0) }
        var w = min(width, Int((Double(height) * shape).rounded()))
        var h = min(height, Int((Double(w) / shape).rounded()))
        w = max(1, w)
        h = max(1, h)
        return (w, h)
    }

    /// A small self-view in the bottom-right corner of the video area: a fifth of its width, at
    /// least 14 columns, or none when the area is too small for it to leave room for the tiles.
    static func pictureInPicture(in area: CellRect, shape: Double) -> CellRect? {
        guard area.width >= 40, area.height >= 10 else { return nil }
        let picture = fit(width: max(12, area.width / 5) - 2, height: area.height / 3 - 2, shape: shape)
        guard picture.width > 0, picture.height > 0 else { return nil }
        let width = picture.width + 2, height = picture.height + 2
        return CellRect(column: area.endColumn - width, row: area.endRow - height, width: width, height: height)
    }
}
