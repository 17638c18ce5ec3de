extension I420Frame {
    /// Copies a planar YUV 4:2:0 buffer as V4L2 delivers V4L2_PIX_FMT_YUV420 ("YU12"): the Y plane of
    /// `bytesPerLine` × height, then U and V planes with half the line length and half the rows.
    ///
    /// Returns nil when the buffer is too small for the size claimed, so a short or corrupt capture
    /// buffer is dropped rather than read past its end.
    public init?(planarYUV420 buffer: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int,
                 timestampMicros: Int64 = 0) {
        let chromaStride = bytesPerLine / 2
        let chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2
        guard width > 0, height > 0, bytesPerLine >= width, chromaStride >= chromaWidth else { return nil }
        let lumaBytes = bytesPerLine * height
        let chromaBytes = chromaStride * chromaHeight
        guard buffer.count >= lumaBytes + 2 * chromaBytes else { return nil }
        let y = [UInt8](buffer[0..<lumaBytes])
        let u = [UInt8](buffer[lumaBytes..<lumaBytes + chromaBytes])
        let v = [UInt8](buffer[lumaBytes + chromaBytes..<lumaBytes + 2 * chromaBytes])
        self.init(width: width, height: height, y: y, strideY: bytesPerLine, u: u, strideU: chromaStride,
                  v: v, strideV: chromaStride, timestampMicros: timestampMicros)
    }
}
