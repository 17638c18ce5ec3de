/// A terminal's size in cells and, when the terminal reports it, in pixels (0 when unknown).
public struct WindowSize: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public var xpixel: Int
    public var ypixel: Int

    public init(rows: Int, columns: Int, xpixel: Int = 0, ypixel: Int = 0) {
        self.rows = rows
        self.columns = columns
        self.xpixel = xpixel
        self.ypixel = ypixel
    }

    /// A cell's width divided by its height in pixels, or nil when the pixel size is unknown.
    public var cellPixelAspect: Double? {
        guard rows > 0, columns > 0, xpixel > 0, ypixel > 0 else { return nil }
        return (Double(xpixel) / Double(columns)) / (Double(ypixel) / Double(rows))
    }
}
