import RTCBase
import Testing
@testable import MediaIO

@Suite struct FilesY4MTests {
    /// A frame whose every sample depends on its position and the frame index, so misplaced bytes show.
    func patternFrame(width: Int, height: Int, index: Int) -> I420Frame {
        var frame = I420Frame(width: width, height: height)
        for i in frame.y.indices { frame.y[i] = UInt8(truncatingIfNeeded: i &* 7 &+ index) }
        for i in frame.u.indices { frame.u[i] = UInt8(truncatingIfNeeded: i &* 3 &+ 100 &+ index) }
        for i in frame.v.indices { frame.v[i] = UInt8(truncatingIfNeeded: i &* 5 &+ 200 &+ index) }
        return frame
    }

    func y4mBytes(header: String, frames: [I420Frame], frameLine: String = "FRAME") -> [UInt8] {
        var bytes = Array((header + "\n").utf8)
        for frame in frames {
            bytes += Array((frameLine + "\n").utf8)
            bytes += frame.y + frame.u + frame.v
        }
        return bytes
    }

    @Test func roundTripThroughFileKeepsEveryPixelAndTheHeader() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("clip.y4m")
        let header = Y4MHeader(width: 33, height: 17, frameRateNumerator: 25, frameRateDenominator: 1,
                               interlacing: .progressive, colorSpace: .c420mpeg2, comments: ["COLORRANGE=LIMITED"])
        let frames = (0..<3).map { patternFrame(width: 33, height: 17, index: $0) }
        let writer = try Y4MWriter(path: path, header: header)
        for frame in frames { try writer.write(frame) }
        writer.close()

        let reader = try Y4MReader(path: path)
        #expect(reader.header == header)
        let read = try reader.readAll()
        #expect(read.count == 3)
        for (original, copy) in zip(frames, read) {
            #expect(copy.y == original.y)
            #expect(copy.u == original.u)
            #expect(copy.v == original.v)
        }
        #expect(read[2].timestampMicros == 80_000)
    }

    @Test func writerDropsStridePadding() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("stride.y4m")
        // 4x2 picture stored with a stride of 6: the padding bytes (0xEE) must not reach the file.
        let frame = try #require(I420Frame(width: 4, height: 2, y: [1, 2, 3, 4, 0xEE, 0xEE, 5, 6, 7, 8, 0xEE, 0xEE],
                                           strideY: 6, u: [9, 10, 0xEE], strideU: 3, v: [11, 12, 0xEE], strideV: 3))
        let writer = try Y4MWriter(path: path, header: Y4MHeader(width: 4, height: 2))
        try writer.write(frame)
        writer.close()
        let copy = try #require(try Y4MReader(path: path).readFrame())
        #expect(copy.y == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(copy.u == [9, 10])
        #expect(copy.v == [11, 12])
    }

    @Test(arguments: ["C420", "C420jpeg", "C420paldv", "C420mpeg2"])
    func acceptsEvery420Layout(tag: String) throws {
        let frame = patternFrame(width: 4, height: 4, index: 1)
        let reader = try Y4MReader(bytes: y4mBytes(header: "YUV4MPEG2 W4 H4 F30000:1001 It A0:0 \(tag)", frames: [frame]))
        #expect(reader.header.colorSpace.rawValue == String(tag.dropFirst()))
        #expect(reader.header.interlacing == .topFieldFirst)
        #expect(abs(reader.header.framesPerSecond - 29.97) < 0.01)
        #expect(try reader.readFrame()?.y == frame.y)
        #expect(try reader.readFrame() == nil)
    }

    @Test func frameLinesMayCarryParameters() throws {
        let frame = patternFrame(width: 6, height: 2, index: 4)
        let bytes = y4mBytes(header: "YUV4MPEG2 W6 H2", frames: [frame, frame], frameLine: "FRAME Ip XSOMETHING=1")
        let frames = try Y4MReader(bytes: bytes).readAll()
        #expect(frames.count == 2)
        #expect(frames[1].v == frame.v)
    }

    @Test func truncatedFrameNamesTheFileAndOffset() throws {
        let frame = patternFrame(width: 8, height: 8, index: 0)
        var bytes = y4mBytes(header: "YUV4MPEG2 W8 H8 F30:1", frames: [frame, frame])
        bytes.removeLast(10)
        let reader = try Y4MReader(bytes: bytes, name: "cut.y4m")
        _ = try reader.readFrame()
        let error = #expect(throws: MediaFileError.self) { try reader.readFrame() }
        // Header is 22 bytes, frame 1 is 6 + 96 bytes, frame 2's pixels start after its FRAME line.
        #expect(error?.offset == 22 + 102 + 6)
        #expect(error?.file == "cut.y4m")
        #expect(error?.description == "cut.y4m: truncated frame 1 (expected 96 bytes, found 86) at byte offset 130")
    }

    @Test(arguments: [
        ("YUV4MPEG2 W0 H4", "width '0'"),
        ("YUV4MPEG2 W99999999 H4", "width '99999999'"),
        ("YUV4MPEG2 W4 H-2", "height '-2'"),
        ("YUV4MPEG2 W4", "no height"),
        ("YUV4MPEG2 W4 H4 C444", "unsupported colour space C444"),
        ("YUV4MPEG2 W4 H4 Fabc", "frame rate"),
        ("YUV4MPEG2 W4 H4 F30:0", "frame rate"),
        ("YUV4MPEG2 W4 H4 Q7", "unknown header tag"),
        ("YUV4MPEG W4 H4", "not a YUV4MPEG2 file"),
    ])
    func rejectsBadHeaders(header: String, expected: String) {
        let error = #expect(throws: MediaFileError.self) { try Y4MReader(bytes: Array((header + "\n").utf8)) }
        #expect(error?.reason.contains(expected) == true, "\(error?.reason ?? "no error")")
        #expect(error?.offset == 0)
    }

    @Test func rejectsMissingFrameTag() throws {
        let bytes = Array("YUV4MPEG2 W2 H2\nFRAMEX\n".utf8) + [UInt8](repeating: 0, count: 6)
        let error = #expect(throws: MediaFileError.self) { try Y4MReader(bytes: bytes).readFrame() }
        #expect(error?.offset == 16)
    }

    @Test func emptyAndMissingFilesThrow() {
        #expect(throws: MediaFileError.self) { try Y4MReader(bytes: []) }
        let error = #expect(throws: MediaFileError.self) { try Y4MReader(path: "/nonexistent/clip.y4m") }
        #expect(error?.description == "/nonexistent/clip.y4m: cannot open: No such file or directory")
    }

    /// 100,000 random and mutated inputs, per the project's parser convention: each either parses or
    /// throws a MediaFileError with a place in the file; none may trap.
    @Test func randomAndMutatedInputsNeverCrash() {
        var random = SeededRandom(seed: 0x5934_4D)
        let valid = y4mBytes(header: "YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg XCOMMENT", frames: [
            patternFrame(width: 4, height: 2, index: 0), patternFrame(width: 4, height: 2, index: 1)])
        var parsed = 0, rejected = 0
        for round in 0..<100_000 {
            let bytes: [UInt8]
            switch round % 4 {
            case 0: bytes = random.bytes(Int.random(in: 0...64, using: &random))
            case 1: bytes = Array("YUV4MPEG2 ".utf8) + random.bytes(Int.random(in: 0...48, using: &random))
            default: bytes = mutated(valid, using: &random)
            }
            do {
                let reader = try Y4MReader(bytes: bytes)
                while try reader.readFrame() != nil {}
                parsed += 1
            } catch {
                #expect(error.offset != nil && error.offset! <= bytes.count)
                rejected += 1
            }
        }
        // Both paths must be exercised, or the mutations are not reaching the parser.
        #expect(parsed > 1000)
        #expect(rejected > 1000)
    }
}

extension FilesY4MTests {
    @Test func hugeDeclaredFrameInASmallFileIsTruncatedNotAllocated() throws {
        let reader = try Y4MReader(bytes: Array("YUV4MPEG2 W16384 H16384\nFRAME\n".utf8) + [1, 2, 3])
        let error = #expect(throws: MediaFileError.self) { try reader.readFrame() }
        #expect(error?.reason == "truncated frame 0 (expected 402653184 bytes, found 3)")
        #expect(error?.offset == 30)
    }
}

extension FilesY4MTests {
    @Test func largeFileCrossesReadBufferBoundaries() throws {
        // 3 frames of 320x240 (115,200 bytes each) do not fit the 64 KiB read buffer: every frame spans refills.
        let directory = TemporaryDirectory()
        let path = directory.file("large.y4m")
        let frames = (0..<3).map { patternFrame(width: 320, height: 240, index: $0 * 11) }
        let writer = try Y4MWriter(path: path, header: Y4MHeader(width: 320, height: 240))
        for frame in frames { try writer.write(frame) }
        writer.close()
        let read = try Y4MReader(path: path).readAll()
        #expect(read.map(\.y) == frames.map(\.y))
        #expect(read.map(\.v) == frames.map(\.v))
    }

    @Test func writerRefusesFramesOfAnotherSize() throws {
        let directory = TemporaryDirectory()
        let writer = try Y4MWriter(path: directory.file("a.y4m"), header: Y4MHeader(width: 4, height: 4))
        let error = #expect(throws: MediaFileError.self) { try writer.write(I420Frame(width: 8, height: 4)) }
        #expect(error?.reason == "frame is 8x4, file is 4x4")
        #expect(throws: MediaFileError.self) { try Y4MWriter(path: directory.file("b.y4m"), header: Y4MHeader(width: 0, height: 4)) }
    }
}
