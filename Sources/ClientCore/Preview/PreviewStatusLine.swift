/// The bottom line of the preview: source, sizes, drawing style, measured rate and bytes per frame.
///
/// Rates and byte counts are averaged over the last `window` frames so the line is steady.
public struct PreviewStatusLine: Sendable {
    public static let window = 30
    private var frameTimes: [Int64] = []
    private var frameBytes: [Int] = []

    public init() {}

    /// Records a drawn frame: when it was written and how many picture bytes it took.
    public mutating func record(frameAtMicros time: Int64, bytes: Int) {
        frameTimes.append(time)
        frameBytes.append(bytes)
        if frameTimes.count > Self.window { frameTimes.removeFirst() }
        if frameBytes.count > Self.window { frameBytes.removeFirst() }
    }

    /// Frames per second over the window, nil before two frames.
    public var measuredFramesPerSecond: Double? {
        guard frameTimes.count >= 2, let first = frameTimes.first, let last = frameTimes.last, last > first else { return nil }
        return Double(frameTimes.count - 1) * 1_000_000 / Double(last - first)
    }

    /// Mean picture bytes per frame over the window, nil before the first frame.
    public var bytesPerFrame: Int? {
        guard !frameBytes.isEmpty else { return nil }
        return frameBytes.reduce(0, +) / frameBytes.count
    }

    /// "test pattern 640x360 | 80x23 half truecolor | 29.9 fps | 5210 B/frame | q quits", cut to
    /// `width` characters (the caller keeps the last screen column free).
    public func text(source: String, frameWidth: Int, frameHeight: Int, columns: Int, pictureRows: Int,
                     renderer: String, color: String, quitHint: Bool, width: Int) -> String {
        let fps = measuredFramesPerSecond.map { Self.oneDecimal($0) } ?? "-"
        let bytes = bytesPerFrame.map(String.init) ?? "-"
        var line = "\(source) \(frameWidth)x\(frameHeight) | \(columns)x\(pictureRows) \(renderer) \(color) | \(fps) fps | \(bytes) B/frame"
        if quitHint { line += " | q quits" }
        let scalars = line.unicodeScalars
        guard scalars.count > width else { return line }
        return String(String.UnicodeScalarView(scalars.prefix(max(0, width))))
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
