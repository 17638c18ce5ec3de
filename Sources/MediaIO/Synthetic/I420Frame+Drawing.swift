/// Simple solid shapes for the synthetic sources. Coordinates are in luma pixels; chroma follows at
/// half resolution. Shapes are clipped to the frame.
extension I420Frame {
    mutating func fill(_ rect: PixelRect, y luma: UInt8, u chromaU: UInt8, v chromaV: UInt8) {
        guard let area = rect.clamped(toWidth: width, height: height) else { return }
        for row in area.y..<(area.y + area.height) {
            let base = row * strideY
            for column in area.x..<(area.x + area.width) { y[base + column] = luma }
        }
        let top = area.y / 2, bottom = (area.y + area.height + 1) / 2
        let left = area.x / 2, right = (area.x + area.width + 1) / 2
        for row in top..<min(bottom, chromaHeight) {
            for column in left..<min(right, chromaWidth) {
                u[row * strideU + column] = chromaU
                v[row * strideV + column] = chromaV
            }
        }
    }

    mutating func fillEllipse(centerX: Double, centerY: Double, radiusX: Double, radiusY: Double,
                              y luma: UInt8, u chromaU: UInt8, v chromaV: UInt8) {
        guard radiusX > 0, radiusY > 0 else { return }
        let top = max(0, Int(centerY - radiusY)), bottom = min(height - 1, Int(centerY + radiusY))
        guard top <= bottom else { return }
        for row in top...bottom {
            let dy = (Double(row) + 0.5 - centerY) / radiusY
            guard dy * dy < 1 else { continue }
            let half = radiusX * (1 - dy * dy).squareRoot()
            let left = max(0, Int((centerX - half).rounded())), right = min(width, Int((centerX + half).rounded()))
            guard left < right else { continue }
            let base = row * strideY
            for column in left..<right { y[base + column] = luma }
        }
        let cTop = max(0, Int((centerY - radiusY) / 2)), cBottom = min(chromaHeight - 1, Int((centerY + radiusY) / 2))
        guard cTop <= cBottom else { return }
        for row in cTop...cBottom {
            let dy = ((Double(row) + 0.5) * 2 - centerY) / radiusY
            guard dy * dy < 1 else { continue }
            let half = radiusX * (1 - dy * dy).squareRoot() / 2
            let left = max(0, Int((centerX / 2 - half).rounded())), right = min(chromaWidth, Int((centerX / 2 + half).rounded()))
            guard left < right else { continue }
            for column in left..<right {
                u[row * strideU + column] = chromaU
                v[row * strideV + column] = chromaV
            }
        }
    }
}
