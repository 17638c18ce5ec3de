import MediaIO

/// Turns the latest frame of each video region into the escape bytes that update it on screen:
/// each region is rendered to cells (only when its frame, size or style changed) and each visible
/// part diffed against what that part last showed. Knows nothing of curses, so tests can replay
/// its bytes into a `TerminalEmulator`.
public struct VideoCompositor: Sendable {
    public var renderer: VideoRenderer

    private struct PartKey: Hashable {
        var id: String
        var part: CellRect
    }

    private struct RenderedFrame {
        var timestampMicros: Int64
        var frameWidth: Int
        var frameHeight: Int
        var size: CellRect
        var blitter: Blitter
        var colorMode: ColorMode
        var grid: CellGrid
    }

    private var writers: [PartKey: TerminalDiffWriter] = [:]
    private var rendered: [String: RenderedFrame] = [:]

    public init(renderer: VideoRenderer = VideoRenderer()) {
        self.renderer = renderer
    }

    /// Forgets what the terminal shows, so the next `compose` redraws every visible part (after a
    /// resize, a full curses repaint, or anything else drawing over the video).
    public mutating func invalidate() {
        writers.removeAll()
    }

    /// The bytes that bring every visible part of `regions` up to date with `frames` (keyed by
    /// region id). Regions without a frame are left alone. Bytes are not wrapped in synchronized
    /// output: the caller wraps the whole screen update once.
    public mutating func compose(_ regions: [VideoRegion], frames: [String: I420Frame], blitter: Blitter,
                                 colorMode: ColorMode, cellPixelAspect: Double, screenColumns: Int,
                                 screenRows: Int) -> [UInt8] {
        var out: [UInt8] = []
        var usedWriters: [PartKey: TerminalDiffWriter] = [:]
        var usedRenders: [String: RenderedFrame] = [:]
        for region in regions where !region.rect.isEmpty {
            guard let frame = frames[region.id] else { continue }
            let grid: CellGrid
            if let cached = rendered[region.id], cached.timestampMicros == frame.timestampMicros,
               cached.frameWidth == frame.width, cached.frameHeight == frame.height, cached.size == region.rect,
               cached.blitter == blitter, cached.colorMode == colorMode {
                grid = cached.grid
                usedRenders[region.id] = cached
            } else {
                grid = renderer.render(frame, columns: region.rect.width, rows: region.rect.height,
                                       cellPixelAspect: cellPixelAspect, blitter: blitter, colorMode: colorMode)
                usedRenders[region.id] = RenderedFrame(timestampMicros: frame.timestampMicros, frameWidth: frame.width,
                                                       frameHeight: frame.height, size: region.rect, blitter: blitter,
                                                       colorMode: colorMode, grid: grid)
            }
            for part in region.visibleParts {
                let clipped = part.intersection(region.rect)
                guard !clipped.isEmpty else { continue }
                let key = PartKey(id: region.id, part: clipped)
                var writer = writers[key] ?? TerminalDiffWriter()
                let piece = Self.crop(grid, to: CellRect(column: clipped.column - region.rect.column,
                                                         row: clipped.row - region.rect.row,
                                                         width: clipped.width, height: clipped.height))
                out += writer.frame(to: piece, originColumn: clipped.column, originRow: clipped.row,
                                    screenColumns: screenColumns, screenRows: screenRows, synchronizedOutput: false)
                usedWriters[key] = writer
            }
        }
        // Parts that went away (covered, resized, closed) start from scratch if they come back.
        writers = usedWriters
        rendered = usedRenders
        return out
    }

    /// The cells of `grid` inside `rect` (in grid coordinates, inside the grid).
    static func crop(_ grid: CellGrid, to rect: CellRect) -> CellGrid {
        if rect.column == 0, rect.row == 0, rect.width == grid.width, rect.height == grid.height { return grid }
        var piece = CellGrid(width: rect.width, height: rect.height)
        for row in 0..<piece.height {
            for column in 0..<piece.width {
                piece[column, row] = grid[rect.column + column, rect.row + row]
            }
        }
        return piece
    }
}
