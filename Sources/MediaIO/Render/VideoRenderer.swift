/// Turns decoded video frames into cell grids: a pure function of the frame, the cell area and the
/// drawing style, so the curses view and the tests share one code path.
public struct VideoRenderer: Sendable {
    /// The ordered dither used wherever pixels are rounded: indexed colours, monochrome sub-pixels
    /// and Braille dots.
    public var dither: Dither

    public init(dither: Dither = .bayer8) {
        self.dither = dither
    }

    /// Renders `frame` into `columns` x `rows` cells, keeping the picture's aspect ratio with black
    /// bars. `cellPixelAspect` is a cell's width divided by its height in pixels (0.5 when unknown).
    /// Zero or negative sizes give an empty grid; a malformed frame gives a black one.
    public func render(_ frame: I420Frame, columns: Int, rows: Int, cellPixelAspect: Double = 0.5,
                       blitter: Blitter = .default, colorMode: ColorMode = .truecolor) -> CellGrid {
        let black = TerminalColor.black(for: colorMode)
        let bar = Cell(character: " ", foreground: black, background: black)
        var grid = CellGrid(width: columns, height: rows, fill: bar)
        guard grid.width > 0, grid.height > 0, AreaSampler.isWellFormed(frame) else { return grid }

        // The layout works in whole cells; the blitter's sub-pixels only decide how finely each
        // cell is sampled.
        let layout = LetterboxLayout(frameWidth: frame.width, frameHeight: frame.height,
                                     columns: columns, rows: rows, cellPixelAspect: cellPixelAspect)
        let (perColumn, perRow) = blitter.pixelsPerCell
        var pixels: [RGBColor] = []
        let width = layout.columns * perColumn, height = layout.rows * perRow
        AreaSampler.sample(frame, width: width, height: height, into: &pixels)
        let painter = CellPainter(quantizer: ColorQuantizer(mode: colorMode, dither: dither), black: black)
        pixels.withUnsafeBufferPointer { pixels in
            grid.cells.withUnsafeMutableBufferPointer { cells in
                for row in 0..<layout.rows {
                    let cellBase = (layout.originRow + row) * grid.width + layout.originColumn
                    for column in 0..<layout.columns {
                        cells[cellBase + column] = painter.paint(blitter, pixels: pixels, width: width,
                                                                 column: column, row: row)
                    }
                }
            }
        }
        return grid
    }
}
