/// A rectangle of luma pixels in a frame, origin at the top left.
public struct PixelRect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The part of this rectangle inside `bounds`; nil when they do not overlap.
    public func clamped(toWidth boundsWidth: Int, height boundsHeight: Int) -> PixelRect? {
        let left = max(x, 0), top = max(y, 0)
        let right = min(x + width, boundsWidth), bottom = min(y + height, boundsHeight)
        guard right > left, bottom > top else { return nil }
        return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
    }
}
