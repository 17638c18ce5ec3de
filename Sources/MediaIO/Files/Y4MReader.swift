/// Reads I420 frames from a YUV4MPEG2 file (the raw-video format of ffmpeg, x264 and the test clips).
///
/// Frames are read one at a time so long clips do not need to fit in memory. Truncated or malformed
/// input throws `MediaFileError` naming the file and byte offset; nothing in here traps on bad bytes.
public final class Y4MReader {
    public let header: Y4MHeader
    /// Frames returned so far.
    public private(set) var framesRead = 0
    private let input: MediaFileInput

    /// FRAME lines may carry parameters; none we know of is long, so a long line means garbage.
    private static let maximumLineLength = 4096

    public convenience init(path: String) throws(MediaFileError) {
        try self.init(input: MediaFileInput(path: path))
    }

    /// Reads from memory; `name` stands in for the path in errors.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(MediaFileError) {
        try self.init(input: MediaFileInput(bytes: bytes, name: name))
    }

    private init(input: MediaFileInput) throws(MediaFileError) {
        self.input = input
        guard let line = try input.readLine(maximum: Self.maximumLineLength, what: "header") else {
            throw input.error("empty file, expected a YUV4MPEG2 header", at: 0)
        }
        header = try Y4MHeader(line: line, file: input.name, offset: 0)
    }

    /// The next frame, or nil at the end of the file.
    ///
    /// Its timestamp is the frame's presentation time from the start of the file, from the F tag.
    public func readFrame() throws(MediaFileError) -> I420Frame? {
        let lineStart = input.offset
        guard let line = try input.readLine(maximum: Self.maximumLineLength, what: "FRAME line") else { return nil }
        let tag = Array("FRAME".utf8)
        guard line.count >= tag.count, Array(line[0..<tag.count]) == tag,
              line.count == tag.count || line[tag.count] == 0x20
        else { throw input.error("expected 'FRAME' for frame \(framesRead)", at: lineStart) }

        let width = header.width, height = header.height
        let chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2
        let dataStart = input.offset
        // Do not allocate a frame (up to 400 MB for 16384x16384) that the file cannot hold.
        if let remaining = input.remaining, remaining < header.frameByteCount {
            throw input.error("truncated frame \(framesRead) (expected \(header.frameByteCount) bytes, found \(remaining))",
                              at: dataStart)
        }
        var y = [UInt8](repeating: 0, count: width * height)
        var u = [UInt8](repeating: 0, count: chromaWidth * chromaHeight)
        var v = [UInt8](repeating: 0, count: chromaWidth * chromaHeight)
        var got = try input.read(into: &y)
        got += try input.read(into: &u)
        got += try input.read(into: &v)
        guard got == header.frameByteCount else {
            throw input.error("truncated frame \(framesRead) (expected \(header.frameByteCount) bytes, found \(got))",
                              at: dataStart)
        }
        let micros = Int64(framesRead) * 1_000_000 * Int64(header.frameRateDenominator) / Int64(header.frameRateNumerator)
        framesRead += 1
        // The planes were sized for exactly these strides, so the failable init cannot fail here.
        guard let frame = I420Frame(width: width, height: height, y: y, strideY: width, u: u, strideU: chromaWidth,
                                    v: v, strideV: chromaWidth, timestampMicros: micros)
        else { throw input.error("internal error: frame planes do not fit", at: dataStart) }
        return frame
    }

    /// Reads every remaining frame (for tests and short clips).
    public func readAll() throws(MediaFileError) -> [I420Frame] {
        var frames: [I420Frame] = []
        while let frame = try readFrame() { frames.append(frame) }
        return frames
    }
}
