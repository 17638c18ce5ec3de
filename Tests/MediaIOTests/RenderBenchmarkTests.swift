import Foundation
import Testing
@testable import MediaIO

@Suite struct RenderBenchmarkTests {
    @Test func theClipIsDeterministicAndMoves() {
        let first = TalkingHeadClip.frame(0, width: 160, height: 90)
        #expect(first.y == TalkingHeadClip.frame(0, width: 160, height: 90).y)
        let later = TalkingHeadClip.frame(20, width: 160, height: 90)
        let changed = zip(first.y, later.y).filter { abs(Int($0) - Int($1)) > 8 }.count
        // The head moves (a real change) while most of the room stays put.
        #expect(changed > first.y.count / 100 && changed < first.y.count / 3)
        #expect(TalkingHeadClip.frame(3, width: 1, height: 1).y.count == 1)
    }

    @Test func movingClipCostsFarLessThanFullRedraws() {
        let full = TerminalDiffWriter().withFullRedraw(of: VideoRenderer().render(TalkingHeadClip.frame(0), columns: 160, rows: 45))
        let perFrame = RenderBenchmark.renderBytesPerFrame(frames: 4)
        #expect(perFrame > 0)
        #expect(perFrame < Double(full) / 4, "diffed \(perFrame) bytes vs full \(full)")
    }

    /// With KAAMOS_RENDER_BENCH=1 (run it in a release build) the figures are printed.
    @Test func renderTimeIsMeasured() {
        let report = ProcessInfo.processInfo.environment["KAAMOS_RENDER_BENCH"] != nil
        let milliseconds = RenderBenchmark.renderMilliseconds(frames: report ? 90 : 3)
        #expect(milliseconds > 0 && milliseconds < 10_000)
        if report {
            func ms(_ duration: Duration) -> String {
                let value = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
                return String(Int((value * 1000).rounded())) + " us"
            }
            print("render 640x360 -> 160x45 halfBlock truecolor: \(Int((milliseconds * 1000).rounded())) us median of 90")
            for (blitter, mode) in [(Blitter.quadrant, ColorMode.truecolor), (.sextant, .truecolor), (.braille, .truecolor),
                                    (.halfBlock, .palette256), (.halfBlock, .palette16), (.ascii, .monochrome)] {
                let frame = TalkingHeadClip.frame(5)
                let clock = ContinuousClock()
                var times: [Duration] = []
                for _ in 0..<15 {
                    let start = clock.now
                    _ = VideoRenderer().render(frame, columns: 160, rows: 45, blitter: blitter, colorMode: mode)
                    times.append(clock.now - start)
                }
                print("render \(blitter) \(mode): \(ms(times.sorted()[7])) median of 15")
            }
            let clip = (0..<30).map { TalkingHeadClip.frame($0) }.map { VideoRenderer().render($0, columns: 160, rows: 45) }
            var writer = TerminalDiffWriter()
            let clock = ContinuousClock()
            let start = clock.now
            var bytes = 0
            for grid in clip { bytes += writer.frame(to: grid, screenColumns: 160, screenRows: 45).count }
            let generationStart = clock.now
            _ = TalkingHeadClip.frame(7)
            print("clip frame generation: \(ms(clock.now - generationStart))")
            print("first (full) frame: \(writer.withFullRedraw(of: clip[0])) bytes")
            print("diff writer: \(ms((clock.now - start) / 30)) per frame, \(bytes / 30) bytes (30 frames, first in full)")
        }
    }

    /// scripts/compare-tct.sh sets KAAMOS_TCT_CLIP to a path: the clip goes there as Y4M for mpv,
    /// and our bytes per frame on the same frames (default tolerance, then tolerance 0) to the path
    /// plus ".ours". Without it, only the
    /// Y4M layout is checked on a tiny clip.
    @Test func exportsTheClipAsY4M() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["KAAMOS_TCT_CLIP"] else {
            let bytes = Self.y4m([TalkingHeadClip.frame(0, width: 4, height: 2), TalkingHeadClip.frame(1, width: 4, height: 2)])
            let header = Array("YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\n".utf8)
            #expect(Array(bytes.prefix(header.count)) == header)
            #expect(bytes.count == header.count + 2 * (6 + 8 + 2 + 2))
            return
        }
        let count = Int(environment["KAAMOS_TCT_FRAMES"] ?? "") ?? 90
        let clip = (0..<count).map { TalkingHeadClip.frame($0) }
        try Data(Self.y4m(clip)).write(to: URL(fileURLWithPath: path))
        let ours = RenderBenchmark.renderBytesPerFrame(frames: count)
        let exact = RenderBenchmark.renderBytesPerFrame(frames: count, colorTolerance: 0)
        try Data("\(ours) \(exact)\n".utf8).write(to: URL(fileURLWithPath: path + ".ours"))
    }

    /// YUV4MPEG2 with tightly packed planes.
    static func y4m(_ frames: [I420Frame]) -> [UInt8] {
        guard let first = frames.first else { return [] }
        var bytes = Array("YUV4MPEG2 W\(first.width) H\(first.height) F30:1 Ip A1:1 C420jpeg\n".utf8)
        for frame in frames {
            bytes += Array("FRAME\n".utf8)
            for row in 0..<frame.height { bytes += frame.y[(row * frame.strideY)..<(row * frame.strideY + frame.width)] }
            for row in 0..<frame.chromaHeight { bytes += frame.u[(row * frame.strideU)..<(row * frame.strideU + frame.chromaWidth)] }
            for row in 0..<frame.chromaHeight { bytes += frame.v[(row * frame.strideV)..<(row * frame.strideV + frame.chromaWidth)] }
        }
        return bytes
    }
}

private extension TerminalDiffWriter {
    func withFullRedraw(of grid: CellGrid) -> Int {
        var writer = self
        return writer.frame(from: nil, to: grid, screenColumns: grid.width, screenRows: grid.height).count
    }
}
