import Foundation

/// A fake camera: colour bars, a backdrop gradient, a cartoon head that sways, blinks and talks, and
/// a bouncing box, with each frame's number and capture time stamped in a `FrameBarcode`.
///
/// Every picture is a pure function of its frame number, so tests can regenerate what was sent.
/// The motion is there so that diffs, codecs and renderers see realistic change between frames.
public struct TestPatternSource: Sendable {
    public let width: Int
    public let height: Int
    public let framesPerSecond: Int
    /// Capture time of frame 0 when `nextFrame()` computes times itself.
    public var startMicros: Int64
    /// Number of the next frame `nextFrame` returns.
    public private(set) var nextFrameNumber: UInt32 = 0

    private let background: I420Frame

    public init(width: Int, height: Int, framesPerSecond: Int = 30, startMicros: Int64 = 0) {
        precondition(width > 0 && height > 0 && framesPerSecond > 0, "pattern size and rate must be positive")
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.startMicros = startMicros
        background = Self.makeBackground(width: width, height: height)
    }

    /// The next frame; its capture time is `timestampMicros` when given (a live source passes its
    /// clock), otherwise `startMicros` plus the frame's nominal offset.
    public mutating func nextFrame(timestampMicros: Int64? = nil) -> I420Frame {
        let number = nextFrameNumber
        nextFrameNumber &+= 1
        let time = timestampMicros ?? startMicros + Int64(number) * 1_000_000 / Int64(framesPerSecond)
        return frame(number: number, timestampMicros: time)
    }

    /// The picture for frame `number`, barcoded with `number` and `timestampMicros`.
    public func frame(number: UInt32, timestampMicros: Int64) -> I420Frame {
        var frame = background
        frame.timestampMicros = timestampMicros
        let seconds = Double(number) / Double(framesPerSecond)
        let w = Double(width), h = Double(height)

        // Bouncing box in the colour-bar area: moves a few pixels every frame.
        let boxSize = max(4.0, h / 10)
        let travel = max(1.0, w - boxSize)
        let phase = (seconds * w / 4).truncatingRemainder(dividingBy: 2 * travel)
        let boxX = phase < travel ? phase : 2 * travel - phase
        let boxY = h * 0.78 + sin(seconds * 2.1) * h * 0.06
        frame.fill(PixelRect(x: Int(boxX), y: Int(boxY), width: Int(boxSize), height: Int(boxSize)), y: 235, u: 128, v: 128)
        frame.fill(PixelRect(x: Int(boxX + boxSize / 4), y: Int(boxY + boxSize / 4), width: Int(boxSize / 2),
                             height: Int(boxSize / 2)), y: 16, u: 128, v: 128)

        // The head: sways sideways, nods a little, mouth opens and closes at a speaking rhythm.
        let centerX = w / 2 + sin(seconds * 1.3) * w * 0.06
        let centerY = h * 0.45 + sin(seconds * 0.7) * h * 0.02
        let headX = h * 0.17, headY = h * 0.23
        frame.fillEllipse(centerX: centerX, centerY: centerY + headY * 2.1, radiusX: headX * 2.2, radiusY: headY * 1.1,
                          y: 60, u: 150, v: 120) // shoulders
        frame.fillEllipse(centerX: centerX, centerY: centerY + headY * 0.9, radiusX: headX * 0.45, radiusY: headY * 0.4,
                          y: 150, u: 110, v: 150) // neck
        frame.fillEllipse(centerX: centerX, centerY: centerY - headY * 0.15, radiusX: headX * 1.08, radiusY: headY * 0.95,
                          y: 45, u: 120, v: 135) // hair
        frame.fillEllipse(centerX: centerX, centerY: centerY, radiusX: headX, radiusY: headY,
                          y: 170, u: 108, v: 152) // face
        let blinking = Int(seconds * 10) % 37 == 0
        for side in [-1.0, 1.0] {
            frame.fillEllipse(centerX: centerX + side * headX * 0.4, centerY: centerY - headY * 0.2,
                              radiusX: headX * 0.18, radiusY: blinking ? headY * 0.02 : headY * 0.1, y: 235, u: 128, v: 128)
            frame.fillEllipse(centerX: centerX + side * headX * 0.4 + sin(seconds * 0.9) * headX * 0.05,
                              centerY: centerY - headY * 0.2, radiusX: headX * 0.08,
                              radiusY: blinking ? headY * 0.02 : headY * 0.08, y: 30, u: 128, v: 128)
        }
        let speaking = max(0, sin(seconds * 2 * .pi * 3.1) * sin(seconds * 2 * .pi * 0.45))
        frame.fillEllipse(centerX: centerX, centerY: centerY + headY * 0.45, radiusX: headX * 0.35,
                          radiusY: headY * (0.04 + 0.16 * speaking), y: 50, u: 120, v: 170)

        FrameBarcode.stamp(into: &frame, frameNumber: number, timestampMicros: timestampMicros)
        return frame
    }

    /// A diagonal blue-grey gradient behind the head over 75% colour bars along the bottom third.
    private static func makeBackground(width: Int, height: Int) -> I420Frame {
        var frame = I420Frame(width: width, height: height)
        let barsTop = height * 2 / 3
        // BT.601 limited-range Y'CbCr of the 75% bars: white, yellow, cyan, green, magenta, red, blue.
        let bars: [(UInt8, UInt8, UInt8)] = [(180, 128, 128), (162, 44, 142), (131, 156, 44), (112, 72, 58),
                                             (84, 184, 198), (65, 100, 212), (35, 212, 114)]
        for row in 0..<height {
            for column in 0..<width {
                if row >= barsTop {
                    frame.y[row * frame.strideY + column] = bars[column * bars.count / width].0
                } else {
                    frame.y[row * frame.strideY + column] = UInt8(40 + (column + row) * 120 / (width + height))
                }
            }
        }
        for row in 0..<frame.chromaHeight {
            for column in 0..<frame.chromaWidth {
                let (u, v): (UInt8, UInt8)
                if row * 2 >= barsTop {
                    let bar = bars[min(bars.count - 1, column * 2 * bars.count / width)]
                    (u, v) = (bar.1, bar.2)
                } else {
                    (u, v) = (UInt8(140 + row * 20 / frame.chromaHeight), 120)
                }
                frame.u[row * frame.strideU + column] = u
                frame.v[row * frame.strideV + column] = v
            }
        }
        return frame
    }
}
