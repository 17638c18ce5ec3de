extension I420Frame {
    /// This picture resampled to `width` x `height`: area-averaged where an axis shrinks, bilinear
    /// where it grows. Chroma planes are resampled to the new chroma size the same way.
    /// A frame whose planes are smaller than its size promises scales to mid-grey rather than trapping.
    public func scaled(toWidth newWidth: Int, height newHeight: Int) -> I420Frame {
        precondition(newWidth > 0 && newHeight > 0, "scaled size must be positive")
        if newWidth == width, newHeight == height { return self }
        guard hasConsistentPlanes else {
            return I420Frame(width: newWidth, height: newHeight, y: 128, timestampMicros: timestampMicros)
        }
        var result = I420Frame(width: newWidth, height: newHeight, timestampMicros: timestampMicros)
        result.y = ResamplingKernel.resample(y, stride: strideY, width: width, height: height,
                                             toWidth: newWidth, height: newHeight)
        result.u = ResamplingKernel.resample(u, stride: strideU, width: chromaWidth, height: chromaHeight,
                                             toWidth: result.chromaWidth, height: result.chromaHeight)
        result.v = ResamplingKernel.resample(v, stride: strideV, width: chromaWidth, height: chromaHeight,
                                             toWidth: result.chromaWidth, height: result.chromaHeight)
        return result
    }

    /// The part of this picture inside `rect` (clamped to the frame), nil when nothing is left or the
    /// frame's planes are smaller than its size promises.
    /// The origin snaps down to even coordinates so chroma samples stay aligned with their luma.
    public func cropped(to rect: PixelRect) -> I420Frame? {
        guard hasConsistentPlanes, var area = rect.clamped(toWidth: width, height: height) else { return nil }
        let snappedX = area.x & ~1, snappedY = area.y & ~1
        area.width += area.x - snappedX
        area.height += area.y - snappedY
        area.x = snappedX
        area.y = snappedY
        var result = I420Frame(width: area.width, height: area.height, timestampMicros: timestampMicros)
        Self.copy(y, stride: strideY, x: area.x, y: area.y, width: area.width, height: area.height, into: &result.y)
        Self.copy(u, stride: strideU, x: area.x / 2, y: area.y / 2, width: result.chromaWidth,
                  height: result.chromaHeight, into: &result.u)
        Self.copy(v, stride: strideV, x: area.x / 2, y: area.y / 2, width: result.chromaWidth,
                  height: result.chromaHeight, into: &result.v)
        return result
    }

    /// The same picture with strides equal to plane widths (what most consumers assume).
    public func packed() -> I420Frame {
        guard strideY != width || strideU != chromaWidth || strideV != chromaWidth else { return self }
        return cropped(to: PixelRect(x: 0, y: 0, width: width, height: height))!
    }

    private static func copy(_ plane: [UInt8], stride: Int, x: Int, y: Int, width: Int, height: Int,
                             into destination: inout [UInt8]) {
        for row in 0..<height {
            let start = (y + row) * stride + x
            destination.replaceSubrange(row * width..<(row + 1) * width, with: plane[start..<start + width])
        }
    }
}
