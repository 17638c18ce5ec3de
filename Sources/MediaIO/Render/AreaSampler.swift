/// Resamples an I420 frame to an RGB pixel buffer of any size: box (area) averaging when shrinking,
/// nearest pixel when enlarging, then BT.601 limited-range YUV to RGB.
///
/// Averaging happens on the Y, U and V planes before conversion; the conversion is affine, so this
/// equals averaging the RGB values except where a pixel would clip, and it touches each source sample
/// once.
enum AreaSampler {
    /// Fixed-point (10 fractional bits) BT.601 limited-range terms in one table of five 256-entry
    /// parts, so the hot loop holds a single pointer: Y's term, then V's for red, U's and V's for
    /// green, and U's for blue.
    private static let terms: [Int32] = {
        func part(_ coefficient: Double, _ offset: Int) -> [Int32] {
            (0..<256).map { Int32((coefficient * Double($0 - offset) * 1024).rounded()) }
        }
        return part(1.164383, 16) + part(1.596027, 128) + part(-0.391762, 128) + part(-0.812968, 128) + part(2.017232, 128)
    }()
    private static let redFromV = 256, greenFromU = 512, greenFromV = 768, blueFromU = 1024

    /// Converts one limited-range YUV sample to RGB.
    static func rgb(y: UInt8, u: UInt8, v: UInt8) -> RGBColor {
        terms.withUnsafeBufferPointer { convert(Int(y), Int(u), Int(v), terms: $0) }
    }

    @inline(__always)
    private static func convert(_ y: Int, _ u: Int, _ v: Int, terms: UnsafeBufferPointer<Int32>) -> RGBColor {
        let luma = terms[y] + 512  // rounds the final shift
        return RGBColor(clamp(luma + terms[redFromV + v]),
                        clamp(luma + terms[greenFromU + u] + terms[greenFromV + v]),
                        clamp(luma + terms[blueFromU + u]))
    }

    @inline(__always) private static func clamp(_ value: Int32) -> UInt8 {
        UInt8(truncatingIfNeeded: min(255, max(0, value >> 10)))
    }

    /// True when the planes hold enough bytes for the frame's size and strides; a frame built by hand
    /// with inconsistent fields is drawn as black instead of trapping.
    static func isWellFormed(_ frame: I420Frame) -> Bool {
        let w = frame.width, h = frame.height
        guard w > 0, h > 0, frame.strideY >= w, frame.strideU >= frame.chromaWidth,
              frame.strideV >= frame.chromaWidth else { return false }
        return frame.y.count >= frame.strideY * (h - 1) + w
            && frame.u.count >= frame.strideU * (frame.chromaHeight - 1) + frame.chromaWidth
            && frame.v.count >= frame.strideV * (frame.chromaHeight - 1) + frame.chromaWidth
    }

    /// The source span [start, end) of each of `count` target samples over `length` source samples,
    /// never empty; chroma spans follow from these by halving.
    private static func spans(count: Int, length: Int) -> [(start: Int, end: Int)] {
        (0..<count).map { i in
            let start = min(length - 1, i * length / count)
            return (start, max(start + 1, min(length, (i + 1) * length / count)))
        }
    }

    /// Fills `pixels` (resized to width * height, row-major) with the frame resampled to that size.
    /// The frame must be well formed and the size positive.
    static func sample(_ frame: I420Frame, width: Int, height: Int, into pixels: inout [RGBColor]) {
        let columnSpans = spans(count: width, length: frame.width)
        let rowSpans = spans(count: height, length: frame.height)
        let chromaWidth = frame.chromaWidth, chromaHeight = frame.chromaHeight
        if pixels.count != width * height {
            pixels = [RGBColor](repeating: RGBColor(0, 0, 0), count: width * height)
        }
        let strideY = frame.strideY, strideU = frame.strideU, strideV = frame.strideV
        terms.withUnsafeBufferPointer { terms in
        frame.y.withUnsafeBufferPointer { yPlane in
        frame.u.withUnsafeBufferPointer { uPlane in
        frame.v.withUnsafeBufferPointer { vPlane in
        pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                let (y0, y1) = rowSpans[row]
                let cy0 = y0 / 2, cy1 = min(chromaHeight, max(cy0 + 1, (y1 + 1) / 2))
                for column in 0..<width {
                    let (x0, x1) = columnSpans[column]
                    let cx0 = x0 / 2, cx1 = min(chromaWidth, max(cx0 + 1, (x1 + 1) / 2))
                    var lumaSum = 0
                    for y in y0..<y1 {
                        let base = y * strideY
                        for x in x0..<x1 { lumaSum &+= Int(yPlane[base + x]) }
                    }
                    var uSum = 0, vSum = 0
                    for y in cy0..<cy1 {
                        let baseU = y * strideU, baseV = y * strideV
                        for x in cx0..<cx1 {
                            uSum &+= Int(uPlane[baseU + x])
                            vSum &+= Int(vPlane[baseV + x])
                        }
                    }
                    let lumaCount = (y1 - y0) * (x1 - x0), chromaCount = (cy1 - cy0) * (cx1 - cx0)
                    let l = Int((lumaSum + lumaCount / 2) / lumaCount)
                    let u = Int((uSum + chromaCount / 2) / chromaCount)
                    let v = Int((vSum + chromaCount / 2) / chromaCount)
                    out[row * width + column] = convert(l, u, v, terms: terms)
                }
            }
        }}}}}
    }
}
