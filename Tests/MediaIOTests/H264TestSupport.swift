import Foundation
@testable import MediaIO
import RTCBase
import RTCMedia

/// Test pattern pictures with sensor-like noise (±6 levels, new every frame) below the barcode,
/// closer to a real camera's cost than the clean pattern.
func noisyPatternFrames(width: Int, height: Int, count: Int, seed: UInt64 = 3) -> [I420Frame] {
    let source = TestPatternSource(width: width, height: height)
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { number in
        var frame = source.frame(number: UInt32(number), timestampMicros: Int64(number) * 33_333)
        for index in (48 * width)..<frame.y.count {
            frame.y[index] = UInt8(clamping: Int(frame.y[index]) + Int.random(in: -6...6, using: &random))
        }
        return frame
    }
}

/// Mean squared error of the luma planes, and the PSNR it gives (dB, 8-bit samples).
func lumaPSNR(_ decoded: I420Frame, _ source: I420Frame) -> Double {
    var squaredError = 0.0
    for row in 0..<source.height {
        for column in 0..<source.width {
            let difference = Int(decoded.luma(x: column, y: row)) - Int(source.luma(x: column, y: row))
            squaredError += Double(difference * difference)
        }
    }
    let mse = max(squaredError / Double(source.width * source.height), 1e-9)
    return 10 * log10(255 * 255 / mse)
}

/// An encoded access unit as RTP packets, as `OutboundTrack` would send it.
func rtpPackets(for frame: EncodedVideoFrame, packetizer: inout H264Packetizer, sequence: inout UInt16) -> [RTPPacket] {
    let payloads = packetizer.packetize(frame: frame.bytes)
    return payloads.enumerated().map { index, payload in
        defer { sequence &+= 1 }
        return RTPPacket(marker: index == payloads.count - 1, payloadType: 102, sequenceNumber: sequence,
                         timestamp: UInt32(truncatingIfNeeded: frame.timestamp90k), ssrc: 0x264, payload: payload)
    }
}

extension Duration {
    var inMilliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15 }
}
