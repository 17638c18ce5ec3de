/// The stream header of a YUV4MPEG2 file: "YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n".
///
/// Only 4:2:0 chroma layouts are accepted; they differ in chroma siting, not in the byte layout,
/// so every one of them reads into the same I420Frame.
public struct Y4MHeader: Equatable, Sendable {
    public enum Interlacing: String, Sendable {
        case progressive = "p", topFieldFirst = "t", bottomFieldFirst = "b", mixed = "m", unknown = "?"
    }

    public enum ColorSpace: String, Sendable, CaseIterable {
        case c420jpeg = "420jpeg", c420 = "420", c420paldv = "420paldv", c420mpeg2 = "420mpeg2"
    }

    /// Largest width or height accepted: far above any camera, small enough that a frame fits in memory.
    public static let maximumDimension = 16384

    public var width: Int
    public var height: Int
    public var frameRateNumerator: Int
    public var frameRateDenominator: Int
    /// 0:0 means unknown, as the format defines.
    public var pixelAspectNumerator: Int
    public var pixelAspectDenominator: Int
    public var interlacing: Interlacing
    public var colorSpace: ColorSpace
    /// X tags, kept so a copy of a file keeps them.
    public var comments: [String]

    public init(width: Int, height: Int, frameRateNumerator: Int = 30, frameRateDenominator: Int = 1,
                pixelAspectNumerator: Int = 1, pixelAspectDenominator: Int = 1,
                interlacing: Interlacing = .progressive, colorSpace: ColorSpace = .c420jpeg,
                comments: [String] = []) {
        self.width = width
        self.height = height
        self.frameRateNumerator = frameRateNumerator
        self.frameRateDenominator = frameRateDenominator
        self.pixelAspectNumerator = pixelAspectNumerator
        self.pixelAspectDenominator = pixelAspectDenominator
        self.interlacing = interlacing
        self.colorSpace = colorSpace
        self.comments = comments
    }

    /// Frames per second, 0 when the rate is unknown.
    public var framesPerSecond: Double {
        frameRateDenominator == 0 ? 0 : Double(frameRateNumerator) / Double(frameRateDenominator)
    }

    /// Bytes of pixel data per frame (Y plane plus the two quarter-size chroma planes).
    public var frameByteCount: Int {
        let chroma = ((width + 1) / 2) * ((height + 1) / 2)
        return width * height + 2 * chroma
    }

    /// The header line, including the trailing newline.
    public var line: String {
        var parts = ["YUV4MPEG2", "W\(width)", "H\(height)", "F\(frameRateNumerator):\(frameRateDenominator)",
                     "I\(interlacing.rawValue)", "A\(pixelAspectNumerator):\(pixelAspectDenominator)",
                     "C\(colorSpace.rawValue)"]
        parts += comments.map { "X" + $0 }
        return parts.joined(separator: " ") + "\n"
    }

    /// Parses the header line without its newline. `offset` is where the line starts, for errors.
    init(line: [UInt8], file: String, offset: Int) throws(MediaFileError) {
        func fail(_ reason: String) -> MediaFileError { MediaFileError(file: file, offset: offset, reason: reason) }
        let magic = Array("YUV4MPEG2".utf8)
        guard line.count >= magic.count, Array(line[0..<magic.count]) == magic else {
            throw fail("not a YUV4MPEG2 file (missing 'YUV4MPEG2' signature)")
        }
        guard let text = String(validating: line[magic.count...], as: UTF8.self) else {
            throw fail("header is not text")
        }
        var width: Int?, height: Int?
        self.init(width: 0, height: 0, frameRateNumerator: 0, frameRateDenominator: 0,
                  pixelAspectNumerator: 0, pixelAspectDenominator: 0, interlacing: .unknown, colorSpace: .c420jpeg)
        for token in text.split(separator: " ", omittingEmptySubsequences: true) {
            let tag = token.first!
            let value = String(token.dropFirst())
            switch tag {
            case "W": width = try Self.dimension(value, name: "width", fail: fail)
            case "H": height = try Self.dimension(value, name: "height", fail: fail)
            case "F":
                let (n, d) = try Self.ratio(value, name: "frame rate", fail: fail)
                guard n > 0, d > 0 else { throw fail("frame rate \(value) is not positive") }
                (frameRateNumerator, frameRateDenominator) = (n, d)
            case "A": (pixelAspectNumerator, pixelAspectDenominator) = try Self.ratio(value, name: "pixel aspect", fail: fail)
            case "I":
                guard let mode = Interlacing(rawValue: value) else { throw fail("unknown interlacing '\(value)'") }
                interlacing = mode
            case "C":
                guard let space = ColorSpace(rawValue: value) else {
                    throw fail("unsupported colour space C\(value) (only 4:2:0 is supported)")
                }
                colorSpace = space
            case "X": comments.append(value)
            default: throw fail("unknown header tag '\(token)'")
            }
        }
        guard let width else { throw fail("header has no width (W tag)") }
        guard let height else { throw fail("header has no height (H tag)") }
        self.width = width
        self.height = height
        if frameRateDenominator == 0 { (frameRateNumerator, frameRateDenominator) = (30, 1) }
    }

    private static func dimension(_ value: String, name: String,
                                  fail: (String) -> MediaFileError) throws(MediaFileError) -> Int {
        guard let number = Int(value), number > 0, number <= maximumDimension else {
            throw fail("\(name) '\(value)' is not between 1 and \(maximumDimension)")
        }
        return number
    }

    private static func ratio(_ value: String, name: String,
                              fail: (String) -> MediaFileError) throws(MediaFileError) -> (Int, Int) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), n >= 0, d >= 0,
              n <= 1_000_000_000, d <= 1_000_000_000
        else { throw fail("\(name) '\(value)' is not a ratio like 30:1") }
        return (n, d)
    }
}
