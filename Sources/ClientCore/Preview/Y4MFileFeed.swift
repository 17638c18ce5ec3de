import MediaIO

/// A YUV4MPEG2 clip as a preview source, played once from the start, one file frame per tick.
///
/// The first frame is read when the feed is made, so a missing, empty or truncated file is reported
/// before the terminal switches to the alternate screen.
public final class Y4MFileFeed: PreviewFrameSource {
    public let label: String
    public var frameWidth: Int { reader.header.width }
    public var frameHeight: Int { reader.header.height }
    public var framesPerSecond: Double { reader.header.framesPerSecond }
    private let reader: Y4MReader
    private var first: I420Frame?

    public init(path: String) throws(PreviewError) {
        do {
            reader = try Y4MReader(path: path)
            first = try reader.readFrame()
        } catch {
            throw .file(error)
        }
        guard first != nil else { throw .emptyFile(path: path) }
        label = path.split(separator: "/").last.map(String.init) ?? path
    }

    public func frame(tick: Int, ticksPerSecond: Double) throws(PreviewError) -> PreviewFrame {
        if let first {
            self.first = nil
            return .picture(first)
        }
        do {
            guard let frame = try reader.readFrame() else { return .ended }
            return .picture(frame)
        } catch {
            throw .file(error)
        }
    }

    public func close() {}
}
