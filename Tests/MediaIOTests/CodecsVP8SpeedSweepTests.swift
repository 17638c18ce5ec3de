import Foundation
import Testing
@testable import MediaIO

/// Measures encode time and quality per libvpx speed, to choose `VP8Encoder.defaultSpeed`.
/// Run in release: `KAAMOS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter CodecsVP8SpeedSweep`.
@Suite struct CodecsVP8SpeedSweepTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KAAMOS_BENCH"] == "1", "benchmark, run when asked"))
    func sweep() throws {
        let width = 640, height = 360, count = 150
        let source = TestPatternSource(width: width, height: height)
        let clean = (0..<count).map { source.frame(number: UInt32($0), timestampMicros: Int64($0) * 33_333) }
        // Sensor-like noise (±6 levels, new every frame) below the barcode: closer to a real camera's cost.
        var random = SeededGenerator(seed: 3)
        let noisy = clean.map { frame in
            var frame = frame
            for index in (48 * width)..<frame.y.count {
                frame.y[index] = UInt8(clamping: Int(frame.y[index]) + Int.random(in: -6...6, using: &random))
            }
            return frame
        }
        for (content, pictures) in [("clean", clean), ("noisy", noisy)] {
        for kbps in [300, 800] {
            for speed in [-4, -6, -8, -10, -12, -16] {
                let encoder = try VP8Encoder(width: width, height: height, bitrateKbps: kbps, speed: speed)
                let decoder = try VP8Decoder()
                var times: [Duration] = [], bytes = 0, squaredError = 0.0, barcodes = 0
                for (index, picture) in pictures.enumerated() {
                    let start = ContinuousClock.now
                    let encoded = try encoder.encode(picture, timestamp90k: Int64(index) * 3000)
                    times.append(ContinuousClock.now - start)
                    for frame in encoded {
                        bytes += frame.bytes.count
                        guard case .frame(let decoded) = decoder.decode(frame.bytes) else { continue }
                        if FrameBarcode.read(from: decoded)?.frameNumber == UInt32(index) { barcodes += 1 }
                        for (a, b) in zip(decoded.y, picture.y) { squaredError += Double((Int(a) - Int(b)) * (Int(a) - Int(b))) }
                    }
                }
                let mse = squaredError / Double(width * height * count)
                let psnr = 10 * log10(255 * 255 / mse)
                let sorted = times.map(\.milliseconds).sorted()
                print(String(format: "%@ speed %3d @%4d kbps: median %.2f ms, p95 %.2f ms, %.0f kbps actual, Y-PSNR %.2f dB, barcodes %d/%d",
                             content, speed, kbps, sorted[count / 2], sorted[count * 95 / 100],
                             Double(bytes * 8) / (Double(count) / 30) / 1000, psnr, barcodes, count))
            }
        }
        }
    }
}

extension Duration {
    fileprivate var milliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15 }
}
