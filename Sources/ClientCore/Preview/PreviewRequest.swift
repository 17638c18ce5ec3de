import MediaIO

/// What the user typed for `kaamos-tui preview`, still as text: turning it into `PreviewSettings`
/// is where every bad value becomes one sentence.
public struct PreviewRequest: Sendable, Equatable {
    public var videoDevice: String?
    public var videoFile: String?
    public var testPattern = false
    public var frames: String?
    public var size: String?
    public var renderer: String?
    public var color: String?
    public var fps: String?

    public init(videoDevice: String? = nil, videoFile: String? = nil, testPattern: Bool = false, frames: String? = nil,
                size: String? = nil, renderer: String? = nil, color: String? = nil, fps: String? = nil) {
        self.videoDevice = videoDevice
        self.videoFile = videoFile
        self.testPattern = testPattern
        self.frames = frames
        self.size = size
        self.renderer = renderer
        self.color = color
        self.fps = fps
    }

    /// The camera the preview opens when no source is named.
    public static let defaultCamera = "/dev/video0"

    /// Validates the request against the terminal: `windowSize` is what TIOCGWINSZ said (nil when
    /// standard output is not a terminal, or it reports no cells) and `outputIsTerminal` whether it
    /// is one at all, which tells a zero-size terminal from a file.
    public func settings(environment: [String: String], windowSize: WindowSize?,
                         outputIsTerminal: Bool) throws(PreviewError) -> PreviewSettings {
        let named = [videoDevice != nil, videoFile != nil, testPattern].filter { $0 }.count
        guard named <= 1 else {
            throw .invalidOption("choose one source: --video-device, --video-file or --test-pattern")
        }
        let source: PreviewSourceChoice
        if let videoDevice {
            guard !videoDevice.isEmpty else { throw .invalidOption("--video-device needs a device path such as /dev/video0") }
            source = .camera(path: videoDevice, isDefault: false)
        } else if let videoFile {
            guard !videoFile.isEmpty else { throw .invalidOption("--video-file needs the path of a .y4m file") }
            source = .file(path: videoFile)
        } else if testPattern {
            source = .testPattern
        } else {
            source = .camera(path: Self.defaultCamera, isDefault: true)
        }

        let columns: Int, rows: Int
        if let size {
            guard let parsed = Self.parseSize(size) else {
                throw .invalidOption("--size must be COLUMNSxROWS such as 80x24, from \(PreviewSettings.minimumColumns)x\(PreviewSettings.minimumRows) to \(PreviewSettings.maximumColumns)x\(PreviewSettings.maximumRows); got '\(size)'")
            }
            (columns, rows) = parsed
        } else if let windowSize {
            (columns, rows) = (windowSize.columns, windowSize.rows)
            guard (PreviewSettings.minimumColumns...).contains(columns), (PreviewSettings.minimumRows...).contains(rows) else {
                throw .terminalTooSmall(columns: columns, rows: rows)
            }
        } else if outputIsTerminal {
            // A terminal that answers TIOCGWINSZ with 0x0 (a fresh pseudo-terminal, some serial lines).
            throw .terminalTooSmall(columns: 0, rows: 0)
        } else {
            (columns, rows) = (80, 24)
        }

        let capabilities = TerminalCapabilities.detect(environment: environment, windowSize: windowSize)
        let blitter: Blitter
        if let renderer {
            guard let parsed = Self.blitters[renderer.lowercased()] else {
                throw .invalidOption("--renderer must be half, quadrant, sextant, braille or ascii; got '\(renderer)'")
            }
            blitter = parsed
        } else {
            blitter = capabilities.recommendedBlitter
        }
        let colorMode: ColorMode
        switch color?.lowercased() {
        case nil, "auto": colorMode = capabilities.colorMode
        case let name?:
            guard let parsed = Self.colorModes[name] else {
                throw .invalidOption("--color must be auto, truecolor, 256, 16 or mono; got '\(color ?? "")'")
            }
            colorMode = parsed
        }

        var frameLimit: Int?
        if let frames {
            guard let count = Int(frames), count > 0 else {
                throw .invalidOption("--frames must be a positive whole number; got '\(frames)'")
            }
            frameLimit = count
        }
        var framesPerSecond: Double?
        if let fps {
            guard let rate = Double(fps), rate.isFinite, rate >= 1, rate <= PreviewSettings.maximumFramesPerSecond else {
                throw .invalidOption("--fps must be a number from 1 to \(Int(PreviewSettings.maximumFramesPerSecond)); got '\(fps)'")
            }
            framesPerSecond = rate
        }

        return PreviewSettings(source: source, columns: columns, rows: rows, sizeFollowsTerminal: size == nil && windowSize != nil,
                               blitter: blitter, colorMode: colorMode,
                               synchronizedOutput: capabilities.supportsSynchronizedOutput,
                               cellPixelAspect: capabilities.cellPixelAspect, frameLimit: frameLimit,
                               framesPerSecond: framesPerSecond)
    }

    /// "80x24" (or "80X24") within the limits, else nil.
    static func parseSize(_ text: String) -> (columns: Int, rows: Int)? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let columns = Int(parts[0]), let rows = Int(parts[1]),
              (PreviewSettings.minimumColumns...PreviewSettings.maximumColumns).contains(columns),
              (PreviewSettings.minimumRows...PreviewSettings.maximumRows).contains(rows)
        else { return nil }
        return (columns, rows)
    }

    static let blitters: [String: Blitter] = [
        "half": .halfBlock, "quadrant": .quadrant, "sextant": .sextant, "braille": .braille, "ascii": .ascii,
    ]

    static let colorModes: [String: ColorMode] = [
        "truecolor": .truecolor, "256": .palette256, "16": .palette16, "mono": .monochrome,
    ]
}
