#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A synthetic clip shaped like a video call: a static room (wall gradient, window, bookshelf)
/// with a head and shoulders swaying in front, a mouth that opens and closes, and a little sensor
/// noise. It measures the renderer and the diff writer on the kind of motion they will really see,
/// without depending on the official test pattern.
public enum TalkingHeadClip {
    /// Frame `index` of the clip at `width` x `height` (both at least 1). The motion period is 90
    /// frames, three seconds at 30 fps.
    public static func frame(_ index: Int, width: Int = 640, height: Int = 360) -> I420Frame {
        let width = max(1, width), height = max(1, height)
        var frame = I420Frame(width: width, height: height)
        let phase = Double(index) * 2 * Double.pi / 90
        let w = Double(width), h = Double(height)
        let headX = w * (0.5 + 0.07 * sin(phase)), headY = h * (0.42 + 0.015 * sin(2 * phase))
        let headRadiusX = w * 0.1, headRadiusY = h * 0.2
        let mouthOpen = 0.3 + 0.7 * abs(sin(3 * phase))

        // Returns (Y, U, V) of the scene at a point, before noise.
        func scene(_ x: Double, _ y: Double) -> (Double, Double, Double) {
            let dx = (x - headX) / headRadiusX, dy = (y - headY) / headRadiusY
            if dx * dx + dy * dy <= 1 {
                let eyeY = (y - (headY - 0.2 * headRadiusY)) / (0.08 * headRadiusY)
                let eyeX = (abs(x - headX) - 0.4 * headRadiusX) / (0.12 * headRadiusX)  // both eyes
                if eyeX * eyeX + eyeY * eyeY <= 1 { return (40, 128, 128) }
                let mx = (x - headX) / (0.35 * headRadiusX), my = (y - (headY + 0.45 * headRadiusY)) / (0.12 * headRadiusY * mouthOpen)
                if mx * mx + my * my <= 1 { return (60, 120, 160) }
                // Skin, shaded a little towards the edge.
                return (170 - 30 * (dx * dx + dy * dy), 108, 152)
            }
            let sx = (x - headX) / (w * 0.26), sy = (y - h) / (h * 0.35)
            if sx * sx + sy * sy <= 1 { return (50, 150, 120) }  // shirt
            if x > w * 0.06 && x < w * 0.28 && y > h * 0.1 && y < h * 0.45 { return (220, 132, 124) }  // window
            if x > w * 0.72 && x < w * 0.95 && y > h * 0.2 && y < h * 0.8 {
                // Bookshelf: books of a few colours in stripes.
                let book = Int((x - w * 0.72) / (w * 0.02)) % 4
                let shelf = Int((y - h * 0.2) / (h * 0.15))
                if (y - h * 0.2).truncatingRemainder(dividingBy: h * 0.15) < h * 0.015 { return (70, 118, 140) }
                switch (book + shelf) % 4 {
                case 0: return (90, 100, 170)
                case 1: return (120, 160, 110)
                case 2: return (150, 90, 140)
                default: return (80, 140, 100)
                }
            }
            return (120 + 40 * x / w - 20 * y / h, 118, 134)  // wall
        }

        var seed = UInt32(truncatingIfNeeded: index &* 2654435761) | 1
        func noise() -> Double {
            // xorshift32: a deterministic +-2 level sensor noise.
            seed ^= seed << 13
            seed ^= seed >> 17
            seed ^= seed << 5
            return Double(Int(seed % 5) - 2)
        }
        for y in 0..<height {
            for x in 0..<width {
                let value = scene(Double(x) + 0.5, Double(y) + 0.5).0 + noise()
                frame.y[y * frame.strideY + x] = UInt8(min(235, max(16, value)))
            }
        }
        for y in 0..<frame.chromaHeight {
            for x in 0..<frame.chromaWidth {
                let (_, u, v) = scene(Double(2 * x) + 1, Double(2 * y) + 1)
                frame.u[y * frame.strideU + x] = UInt8(min(240, max(16, u)))
                frame.v[y * frame.strideV + x] = UInt8(min(240, max(16, v)))
            }
        }
        frame.timestampMicros = Int64(index) * 33_333
        return frame
    }
}
