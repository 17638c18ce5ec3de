import Testing
@testable import MediaIO

@Suite struct I420FrameTests {
    @Test func oddSizesRoundChromaUp() {
        let frame = I420Frame(width: 5, height: 3)
        #expect(frame.chromaWidth == 3)
        #expect(frame.chromaHeight == 2)
        #expect(frame.u.count == 6)
    }

    @Test func rejectsPlanesTooSmallForTheirStride() {
        #expect(I420Frame(width: 4, height: 4, y: [UInt8](repeating: 0, count: 15), strideY: 4,
                          u: [0, 0, 0, 0], strideU: 2, v: [0, 0, 0, 0], strideV: 2) == nil)
    }
}
