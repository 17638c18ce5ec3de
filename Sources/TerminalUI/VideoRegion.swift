/// A rectangle of the screen that shows a video picture instead of chrome: curses leaves it blank
/// and the picture is written straight to the terminal, only in `visibleParts` (what overlays and
/// the self-view leave uncovered).
public struct VideoRegion: Sendable, Equatable {
    /// The tile's participant id, or `VideoRegion.selfViewID`.
    public var id: String
    /// Where the whole picture goes (inside the tile's border).
    public var rect: CellRect
    public var visibleParts: [CellRect]

    public init(id: String, rect: CellRect, visibleParts: [CellRect]) {
        self.id = id
        self.rect = rect
        self.visibleParts = visibleParts
    }

    /// The id of the self-view's region (no participant id starts with a NUL).
    public static let selfViewID = "\u{0}self"
}
