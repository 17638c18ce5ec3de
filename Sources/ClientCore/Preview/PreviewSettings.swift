import MediaIO

/// A validated preview: the source, the cell area, how cells are drawn and when to stop.
public struct PreviewSettings: Sendable, Equatable {
    public static let minimumColumns = 4
    /// One row of picture above the status line.
    public static let minimumRows = 2
    /// Far beyond any real terminal; keeps a typo from allocating gigabytes of cells.
    public static let maximumColumns = 2000
    public static let maximumRows = 1000
    public static let maximumFramesPerSecond = 240.0

    public var source: PreviewSourceChoice
    /// The whole screen area in cells: the picture takes all rows but the last, the status line that one.
    public var columns: Int
    public var rows: Int
    /// True when the size came from the terminal, so a resize (SIGWINCH) changes it.
    public var sizeFollowsTerminal: Bool
    public var blitter: Blitter
    public var colorMode: ColorMode
    public var synchronizedOutput: Bool
    public var cellPixelAspect: Double
    /// Stop after this many frames were drawn; nil runs until the source ends or the user quits.
    public var frameLimit: Int?
    /// Drawing rate; nil uses the source's own.
    public var framesPerSecond: Double?

    public init(source: PreviewSourceChoice, columns: Int, rows: Int, sizeFollowsTerminal: Bool = false,
                blitter: Blitter = .halfBlock, colorMode: ColorMode = .truecolor, synchronizedOutput: Bool = true,
                cellPixelAspect: Double = 0.5, frameLimit: Int? = nil, framesPerSecond: Double? = nil) {
        self.source = source
        self.columns = columns
        self.rows = rows
        self.sizeFollowsTerminal = sizeFollowsTerminal
        self.blitter = blitter
        self.colorMode = colorMode
        self.synchronizedOutput = synchronizedOutput
        self.cellPixelAspect = cellPixelAspect
        self.frameLimit = frameLimit
        self.framesPerSecond = framesPerSecond
    }

    /// The names the command line uses, for the status line.
    public var rendererName: String {
        switch blitter {
        case .halfBlock: "half"
        case .quadrant: "quadrant"
        case .sextant: "sextant"
        case .braille: "braille"
        case .ascii: "ascii"
        }
    }

    public var colorName: String {
        switch colorMode {
        case .truecolor: "truecolor"
        case .palette256: "256"
        case .palette16: "16"
        case .monochrome: "mono"
        }
    }
}
