import Testing
@testable import MediaIO

@Suite struct ScalingTests {
    static func frame(width: Int, height: Int, luma: (Int, Int) -> UInt8) -> I420Frame {
        var frame = I420Frame(width: width, height: height)
        for row in 0..<height { for column in 0..<width { frame.y[row * width + column] = luma(column, row) } }
        return frame
    }

    @Test func fourByFourToTwoByTwoIsTheExactBoxAverage() {
        let values: [UInt8] = [10, 20, 30, 40,
                               50, 60, 70, 80,
                               0, 0, 255, 255,
                               4, 0, 255, 255]
        let frame = Self.frame(width: 4, height: 4) { values[$1 * 4 + $0] }
        let small = frame.scaled(toWidth: 2, height: 2)
        // (10+20+50+60)/4 = 35, (30+40+70+80)/4 = 55, (0+0+4+0)/4 = 1, 255.
        #expect(small.y == [35, 55, 1, 255])
        #expect(small.u.count == 1 && small.u[0] == 128)
    }

    @Test func halvingAveragesEveryPairExactly() {
        var random = SeededGenerator(seed: 7)
        let frame = Self.frame(width: 64, height: 36) { _, _ in UInt8.random(in: 0...255, using: &random) }
        let small = frame.scaled(toWidth: 32, height: 18)
        for row in 0..<18 {
            for column in 0..<32 {
                let sum = [(0, 0), (1, 0), (0, 1), (1, 1)].reduce(0) { total, offset in
                    total + Int(frame.luma(x: column * 2 + offset.0, y: row * 2 + offset.1))
                }
                #expect(Int(small.luma(x: column, y: row)) == (sum + 2) / 4)
            }
        }
    }

    @Test(arguments: [(7, 5, 3, 2), (5, 3, 11, 9), (640, 360, 213, 119), (1, 1, 3, 3), (3, 3, 1, 1), (9, 4, 4, 9)])
    func flatFramesStayFlatAtAnySize(sizes: (Int, Int, Int, Int)) {
        let frame = I420Frame(width: sizes.0, height: sizes.1, y: 77, u: 90, v: 200)
        let scaled = frame.scaled(toWidth: sizes.2, height: sizes.3)
        #expect(scaled.width == sizes.2 && scaled.height == sizes.3)
        #expect(scaled.y.count == sizes.2 * sizes.3 && scaled.y.allSatisfy { $0 == 77 })
        #expect(scaled.u.count == scaled.chromaWidth * scaled.chromaHeight && scaled.u.allSatisfy { $0 == 90 })
        #expect(scaled.v.allSatisfy { $0 == 200 })
    }

    @Test func upscalingInterpolatesBetweenNeighbours() {
        let frame = Self.frame(width: 2, height: 1) { column, _ in column == 0 ? 0 : 200 }
        let wide = frame.scaled(toWidth: 4, height: 1)
        // Output centres at source positions -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1).
        #expect(wide.y == [0, 50, 150, 200])
    }

    @Test func gradientsStayMonotonic() {
        let frame = Self.frame(width: 37, height: 3) { column, _ in UInt8(column * 6) }
        for width in [5, 18, 36, 74, 100] {
            let scaled = frame.scaled(toWidth: width, height: 3)
            let row = Array(scaled.y[0..<width])
            #expect(zip(row, row.dropFirst()).allSatisfy { $0 <= $1 }, "width \(width)")
        }
    }

    @Test func cropCopiesTheRectangleAndClampsToTheFrame() throws {
        let frame = Self.frame(width: 8, height: 6) { column, row in UInt8(row * 10 + column) }
        let crop = try #require(frame.cropped(to: PixelRect(x: 2, y: 2, width: 3, height: 3)))
        #expect(crop.width == 3 && crop.height == 3)
        #expect(crop.y == [22, 23, 24, 32, 33, 34, 42, 43, 44])
        #expect(crop.u.count == 4)
        let clamped = try #require(frame.cropped(to: PixelRect(x: 6, y: 4, width: 10, height: 10)))
        #expect(clamped.width == 2 && clamped.height == 2 && clamped.y == [46, 47, 56, 57])
        #expect(frame.cropped(to: PixelRect(x: 8, y: 0, width: 2, height: 2)) == nil)
    }

    @Test func oddOriginSnapsToEvenSoChromaStaysAligned() throws {
        let frame = Self.frame(width: 8, height: 6) { column, row in UInt8(row * 10 + column) }
        let crop = try #require(frame.cropped(to: PixelRect(x: 3, y: 1, width: 2, height: 2)))
        #expect(crop.width == 3 && crop.height == 3)
        #expect(crop.y.first == 2)
    }

    @Test func paddedStridesAreRespected() throws {
        let padded = try #require(I420Frame(width: 4, height: 2, y: [1, 2, 3, 4, 99, 99, 5, 6, 7, 8, 99, 99], strideY: 6,
                                            u: [128, 128, 9, 128, 128], strideU: 3, v: [128, 128, 9, 128, 128], strideV: 3))
        #expect(padded.packed().y == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(padded.scaled(toWidth: 2, height: 1).y == [4, 6])
    }

    @Test func inconsistentPlanesDoNotTrap() {
        var broken = I420Frame(width: 8, height: 8)
        broken.u = []
        #expect(!broken.hasConsistentPlanes)
        #expect(broken.scaled(toWidth: 4, height: 4).y.allSatisfy { $0 == 128 })
        #expect(broken.cropped(to: PixelRect(x: 0, y: 0, width: 2, height: 2)) == nil)
    }
}
