import Testing
@testable import MediaIO

@Suite struct CodecsIVFReaderTests {
    static func file(frames: [IVFFrame]) -> [UInt8] {
        IVFHeader(width: 320, height: 240, timebaseDenominator: 30, timebaseNumerator: 1, frameCount: UInt32(frames.count))
            .serialized() + frames.flatMap { $0.serialized() }
    }

    @Test func roundTripsHeaderAndFrames() throws {
        let frames = [IVFFrame(timestamp: 0, bytes: [1, 2, 3]), IVFFrame(timestamp: 1 << 40, bytes: []),
                      IVFFrame(timestamp: 7, bytes: Array(repeating: 9, count: 1000))]
        let bytes = Self.file(frames: frames)
        #expect(bytes.count == 32 + 36 + 1003)
        let (header, read) = try IVFReader.frames(in: bytes)
        #expect(header == IVFHeader(width: 320, height: 240, timebaseDenominator: 30, timebaseNumerator: 1, frameCount: 3))
        #expect(read == frames)
    }

    @Test func everyTruncationThrows() throws {
        let bytes = Self.file(frames: [IVFFrame(timestamp: 0, bytes: [1, 2, 3]), IVFFrame(timestamp: 1, bytes: [4, 5])])
        let frameBoundaries: Set<Int> = [32, 32 + 15, bytes.count]
        for length in 0..<bytes.count where !frameBoundaries.contains(length) {
            #expect(throws: IVFError.self, "length \(length)") { try IVFReader.frames(in: Array(bytes.prefix(length))) }
        }
        #expect(try IVFReader.frames(in: Array(bytes.prefix(47))).frames.count == 1)
    }

    @Test func rejectsOtherFilesWithAClearError() {
        var bytes = Self.file(frames: [])
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: IVFError.notIVF) { try IVFReader(bytes: bytes) }
        #expect(IVFError.truncatedFrame(index: 2, declared: 100, available: 10).description
                == "IVF frame 2 declares 100 bytes but only 10 remain.")
    }

    @Test func hundredThousandMutatedFilesThrowOrParseWithinBounds() {
        let base = Self.file(frames: [IVFFrame(timestamp: 0, bytes: [1, 2, 3, 4]), IVFFrame(timestamp: 1, bytes: [5, 6]),
                                      IVFFrame(timestamp: 2, bytes: Array(repeating: 7, count: 40))])
        var random = SeededGenerator(seed: 0x1f)
        var parsed = 0
        for round in 0..<100_000 {
            var bytes = base
            switch round % 3 {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            default:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
            }
            guard let result = try? IVFReader.frames(in: bytes) else { continue }
            parsed += 1
            #expect(result.frames.reduce(0) { $0 + 12 + $1.bytes.count } == bytes.count - 32)
        }
        #expect(parsed > 1000)
    }
}
