import Foundation
import Testing
@testable import MediaIO
import RTCBase
import RTCMedia

/// Measures libopenh264 per slice mode and complexity, and the RTP packetizer and assembler on its
/// output, to choose `H264Encoder`'s defaults and for the figures in the report. Run in release:
/// `KAAMOS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter CodecsH264Sweep`.
@Suite(.serialized) struct CodecsH264SweepTests {
    static let enabled = ProcessInfo.processInfo.environment["KAAMOS_BENCH"] == "1"

    @Test(.enabled(if: enabled, "benchmark, run when asked"))
    func sliceModesAndComplexity() throws {
        let width = 640, height = 360, count = 300
        let pictures = noisyPatternFrames(width: width, height: height, count: count)
        for kbps in [300, 800] {
            for sliceMode in [H264Encoder.SliceMode.single, .sizeLimited(maxBytes: 1100)] {
                for complexity in [0, 1, 2] {
                    let encoder = try H264Encoder(width: width, height: height, bitrateKbps: kbps, sliceMode: sliceMode,
                                                  complexity: complexity)
                    let decoder = try H264Decoder()
                    var encodeTimes: [Double] = [], decodeTimes: [Double] = [], bytes = 0, psnr = 0.0, decoded = 0, units = 0
                    for (index, picture) in pictures.enumerated() {
                        let start = ContinuousClock.now
                        let encoded = try encoder.encode(picture, timestamp90k: Int64(index) * 3000)
                        encodeTimes.append((ContinuousClock.now - start).inMilliseconds)
                        for frame in encoded {
                            bytes += frame.bytes.count
                            units += H264AnnexB.split(frame.bytes).count
                            let decodeStart = ContinuousClock.now
                            let result = decoder.decode(frame.bytes)
                            decodeTimes.append((ContinuousClock.now - decodeStart).inMilliseconds)
                            guard case .frame(let output) = result else { continue }
                            decoded += 1
                            psnr += lumaPSNR(output, picture)
                        }
                    }
                    encodeTimes.sort()
                    decodeTimes.sort()
                    print(String(format: "h264 %@ complexity %d @%4d kbps: encode median %.2f ms p95 %.2f ms, decode median %.2f ms, %.0f kbps actual, Y-PSNR %.2f dB, %.1f NAL units/frame",
                                 "\(sliceMode)", complexity, kbps, encodeTimes[count / 2], encodeTimes[count * 95 / 100],
                                 decodeTimes[decodeTimes.count / 2], Double(bytes * 8) / (Double(count) / 30) / 1000,
                                 psnr / Double(max(decoded, 1)), Double(units) / Double(count)))
                }
            }
        }
    }

    @Test(.enabled(if: enabled, "benchmark, run when asked"))
    func packetizerAndAssemblerThroughput() throws {
        let width = 640, height = 360, count = 300
        let pictures = noisyPatternFrames(width: width, height: height, count: count)
        let encoder = try H264Encoder(width: width, height: height, bitrateKbps: 800, keyframeInterval: 60)
        let frames = try pictures.enumerated().flatMap { try encoder.encode($1, timestamp90k: Int64($0) * 3000) }
        let bytes = frames.reduce(0) { $0 + $1.bytes.count }
        var packetizer = H264Packetizer()
        var sequence: UInt16 = 0
        // Warm up, then time enough rounds for a stable figure.
        _ = frames.map { rtpPackets(for: $0, packetizer: &packetizer, sequence: &sequence) }
        let rounds = 20
        var packetCount = 0
        let start = ContinuousClock.now
        for _ in 0..<rounds {
            for frame in frames { packetCount += packetizer.packetize(frame: frame.bytes).count }
        }
        let packetizeSeconds = (ContinuousClock.now - start).inMilliseconds / 1000
        let packets = frames.flatMap { rtpPackets(for: $0, packetizer: &packetizer, sequence: &sequence) }
        var assembled = 0
        let assembleStart = ContinuousClock.now
        for _ in 0..<rounds {
            var assembler = H264FrameAssembler()
            var now = Instant.zero
            for packet in packets {
                now = now + .milliseconds(1)
                assembled += assembler.insert(packet, now: now).count
            }
        }
        let assembleSeconds = (ContinuousClock.now - assembleStart).inMilliseconds / 1000
        let totalFrames = Double(frames.count * rounds)
        print(String(format: "h264 packetizer: %.1f MB/s, %.1f us per 640x360 frame, %.0f packets/s (%d frames of %.0f bytes mean, %.1f packets each)",
                     Double(bytes * rounds) / packetizeSeconds / 1e6, packetizeSeconds / totalFrames * 1e6,
                     Double(packetCount) / packetizeSeconds, frames.count, Double(bytes) / Double(frames.count),
                     Double(packetCount) / totalFrames))
        print(String(format: "h264 assembler: %.1f MB/s, %.1f us per frame, %.0f packets/s",
                     Double(bytes * rounds) / assembleSeconds / 1e6, assembleSeconds / totalFrames * 1e6,
                     Double(packets.count * rounds) / assembleSeconds))
        #expect(assembled == frames.count * rounds)
    }
}
