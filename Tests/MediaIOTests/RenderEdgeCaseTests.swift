import Testing
@testable import MediaIO

/// Odd inputs must give sensible output, never a trap.
@Suite struct RenderEdgeCaseTests {
    @Test(arguments: Blitter.allCases)
    func degenerateCellAreasGiveEmptyGrids(blitter: Blitter) {
        let frame = I420Frame(width: 4, height: 4, y: 200)
        for (columns, rows) in [(0, 0), (0, 10), (10, 0), (-3, 5), (5, -1), (Int.min, Int.min)] {
            let grid = VideoRenderer().render(frame, columns: columns, rows: rows, blitter: blitter)
            #expect(grid.cells.isEmpty)
        }
    }

    @Test(arguments: Blitter.allCases)
    func tinyAndOddFramesAndGridsRender(blitter: Blitter) {
        for mode in ColorMode.allCases {
            for (width, height) in [(1, 1), (1, 7), (7, 1), (3, 5), (5, 3), (161, 91)] {
                let frame = I420Frame(width: width, height: height, y: 180, u: 90, v: 200)
                for (columns, rows) in [(1, 1), (1, 9), (9, 1), (3, 2), (161, 45)] {
                    let grid = VideoRenderer().render(frame, columns: columns, rows: rows, blitter: blitter, colorMode: mode)
                    #expect(grid.width == columns && grid.height == rows && grid.cells.count == columns * rows)
                }
            }
        }
    }

    @Test func aOnePixelFrameFillsItsCellWithItsColour() {
        let frame = I420Frame(width: 1, height: 1, y: 81, u: 90, v: 240)  // red
        let grid = VideoRenderer().render(frame, columns: 1, rows: 1)
        #expect(RenderTestSupport.channelDistance(grid[0, 0].foreground.approximateRGB!, RGBColor(255, 0, 0)) <= 3)
        #expect(grid[0, 0].foreground == grid[0, 0].background)
    }

    @Test func aMalformedFrameIsDrawnBlack() {
        var frame = I420Frame(width: 8, height: 8, y: 235)
        frame.y = [1, 2, 3]          // fewer bytes than the size says
        var grid = VideoRenderer().render(frame, columns: 4, rows: 2)
        #expect(grid.cells.allSatisfy { $0 == Cell(character: " ", foreground: .rgb(0, 0, 0), background: .rgb(0, 0, 0)) })
        frame = I420Frame(width: 8, height: 8, y: 235)
        frame.width = 0
        grid = VideoRenderer().render(frame, columns: 4, rows: 2)
        #expect(grid.cells.count == 8)
        frame = I420Frame(width: 8, height: 8, y: 235)
        frame.strideU = 1            // narrower than a chroma row
        grid = VideoRenderer().render(frame, columns: 4, rows: 2)
        #expect(grid.cells.count == 8)
    }

    @Test func paddedStridesAreHonoured() {
        // A 2x2 white picture stored with 3 bytes of garbage padding per row.
        let frame = I420Frame(width: 2, height: 2, y: [235, 235, 0, 0, 0, 235, 235, 0, 0, 0], strideY: 5,
                              u: [128, 7], strideU: 2, v: [128, 7], strideV: 2)!
        let grid = VideoRenderer().render(frame, columns: 1, rows: 1)
        #expect(grid[0, 0].foreground == .rgb(255, 255, 255))
        #expect(grid[0, 0].background == .rgb(255, 255, 255))
    }

    @Test func unusableCellAspectsFallBackToHalf() {
        let frame = I420Frame(width: 64, height: 36)
        for aspect in [0, -1, .nan, .infinity] as [Double] {
            let layout = LetterboxLayout(frameWidth: 64, frameHeight: 36, columns: 160, rows: 45, cellPixelAspect: aspect)
            #expect(layout == LetterboxLayout(originColumn: 0, originRow: 0, columns: 160, rows: 45))
            #expect(VideoRenderer().render(frame, columns: 160, rows: 45, cellPixelAspect: aspect).cells.count == 7200)
        }
    }
}
