/// Writes I420 frames to a YUV4MPEG2 file that ffmpeg and mpv can play.
public final class Y4MWriter {
    public let header: Y4MHeader
    public private(set) var framesWritten = 0
    private let output: MediaFileOutput
    private var row: [UInt8] = []

    public init(path: String, header: Y4MHeader) throws(MediaFileError) {
        guard header.width > 0, header.height > 0,
              header.width <= Y4MHeader.maximumDimension, header.height <= Y4MHeader.maximumDimension
        else { throw MediaFileError(file: path, offset: nil, reason: "cannot write a \(header.width)x\(header.height) video") }
        self.header = header
        output = try MediaFileOutput(path: path)
        try output.write(Array(header.line.utf8))
    }

    /// Appends one frame; it must have the header's size. Strides wider than the picture are dropped.
    public func write(_ frame: I420Frame) throws(MediaFileError) {
        guard frame.width == header.width, frame.height == header.height else {
            throw MediaFileError(file: output.name, offset: output.offset,
                                 reason: "frame is \(frame.width)x\(frame.height), file is \(header.width)x\(header.height)")
        }
        try output.write(Array("FRAME\n".utf8))
        try writePlane(frame.y, stride: frame.strideY, width: frame.width, height: frame.height)
        try writePlane(frame.u, stride: frame.strideU, width: frame.chromaWidth, height: frame.chromaHeight)
        try writePlane(frame.v, stride: frame.strideV, width: frame.chromaWidth, height: frame.chromaHeight)
        framesWritten += 1
    }

    private func writePlane(_ plane: [UInt8], stride: Int, width: Int, height: Int) throws(MediaFileError) {
        try plane.withUnsafeBytes { raw in
            Result { () throws(MediaFileError) in
                if stride == width {
                    try output.write(UnsafeRawBufferPointer(rebasing: raw[0..<width * height]))
                } else {
                    for line in 0..<height {
                        try output.write(UnsafeRawBufferPointer(rebasing: raw[line * stride..<line * stride + width]))
                    }
                }
            }
        }.get()
    }

    public func close() { output.close() }
}
