/// A planar YUV 4:2:0 picture (I420): full-size Y, quarter-size U and V, each plane with its own stride.
///
/// The common currency between capture, codecs, synthetic sources and the terminal renderers.
public struct I420Frame: Sendable {
    public var width: Int
    public var height: Int
    public var y: [UInt8]
    public var u: [UInt8]
    public var v: [UInt8]
    public var strideY: Int
    public var strideU: Int
    public var strideV: Int
    /// Capture time in microseconds on the producer's clock (for latency figures), 0 when unknown.
    public var timestampMicros: Int64

    public var chromaWidth: Int { (width + 1) / 2 }
    public var chromaHeight: Int { (height + 1) / 2 }

    /// A frame filled with one colour (defaults to black), strides equal to the plane widths.
    public init(width: Int, height: Int, y: UInt8 = 16, u: UInt8 = 128, v: UInt8 = 128, timestampMicros: Int64 = 0) {
        precondition(width > 0 && height > 0, "frame size must be positive")
        self.width = width
        self.height = height
        strideY = width
        strideU = (width + 1) / 2
        strideV = (width + 1) / 2
        self.y = [UInt8](repeating: y, count: width * height)
        self.u = [UInt8](repeating: u, count: strideU * ((height + 1) / 2))
        self.v = [UInt8](repeating: v, count: strideV * ((height + 1) / 2))
        self.timestampMicros = timestampMicros
    }

    /// Wraps existing planes; returns nil when a plane is too small for its stride and size.
    public init?(width: Int, height: Int, y: [UInt8], strideY: Int, u: [UInt8], strideU: Int,
                 v: [UInt8], strideV: Int, timestampMicros: Int64 = 0) {
        let chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2
        guard width > 0, height > 0, strideY >= width, strideU >= chromaWidth, strideV >= chromaWidth,
              y.count >= strideY * (height - 1) + width,
              u.count >= strideU * (chromaHeight - 1) + chromaWidth,
              v.count >= strideV * (chromaHeight - 1) + chromaWidth
        else { return nil }
        self.width = width
        self.height = height
        self.y = y
        self.u = u
        self.v = v
        self.strideY = strideY
        self.strideU = strideU
        self.strideV = strideV
        self.timestampMicros = timestampMicros
    }

    @inlinable public func luma(x: Int, y row: Int) -> UInt8 { y[row * strideY + x] }
    @inlinable public func chromaU(x: Int, y row: Int) -> UInt8 { u[(row / 2) * strideU + x / 2] }
    @inlinable public func chromaV(x: Int, y row: Int) -> UInt8 { v[(row / 2) * strideV + x / 2] }
}
