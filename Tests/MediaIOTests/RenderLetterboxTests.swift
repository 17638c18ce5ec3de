import Testing
@testable import MediaIO

@Suite struct RenderLetterboxTests {
    @Test func sixteenByNineFillsA160x45Terminal() {
        #expect(LetterboxLayout(frameWidth: 640, frameHeight: 360, columns: 160, rows: 45, cellPixelAspect: 0.5)
                == LetterboxLayout(originColumn: 0, originRow: 0, columns: 160, rows: 45))
    }

    @Test func narrowerPicturesArePillarboxedInTheMiddle() {
        // 4:3 in 45 rows of 1:2 cells: 45 * (4/3) / 0.5 = 120 columns.
        #expect(LetterboxLayout(frameWidth: 640, frameHeight: 480, columns: 160, rows: 45, cellPixelAspect: 0.5)
                == LetterboxLayout(originColumn: 20, originRow: 0, columns: 120, rows: 45))
        // Portrait 9:16: 45 * 0.5625 / 0.5 = 50.6 -> 51 columns.
        #expect(LetterboxLayout(frameWidth: 360, frameHeight: 640, columns: 160, rows: 45, cellPixelAspect: 0.5)
                == LetterboxLayout(originColumn: 54, originRow: 0, columns: 51, rows: 45))
    }

    @Test func widerPicturesAreLetterboxedAndSquareCellsAreRespected() {
        // 80 * 0.5 / (16/9) = 22.5 rows, rounded to 23; the odd bar row goes below.
        #expect(LetterboxLayout(frameWidth: 640, frameHeight: 360, columns: 80, rows: 40, cellPixelAspect: 0.5)
                == LetterboxLayout(originColumn: 0, originRow: 8, columns: 80, rows: 23))
        #expect(LetterboxLayout(frameWidth: 640, frameHeight: 360, columns: 64, rows: 64, cellPixelAspect: 1)
                == LetterboxLayout(originColumn: 0, originRow: 14, columns: 64, rows: 36))
    }

    @Test func barsAreBlackInTheModesColourEncoding() {
        let frame = I420Frame(width: 480, height: 480, y: 235)  // square white picture
        let expectations: [(ColorMode, TerminalColor)] = [(.truecolor, .rgb(0, 0, 0)), (.palette256, .indexed(16)),
                                                          (.palette16, .indexed(0)), (.monochrome, .default)]
        for (mode, black) in expectations {
            let grid = VideoRenderer().render(frame, columns: 40, rows: 10, colorMode: mode)
            // 10 rows of 1:2 cells are 20 cells wide: bars of 10 on each side.
            #expect(grid[0, 5] == Cell(character: " ", foreground: black, background: black))
            #expect(grid[9, 5] == grid[0, 5])
            #expect(grid[30, 5] == grid[0, 5])
            #expect(grid[10, 5] != grid[0, 5])
            #expect(grid[29, 5] != grid[0, 5])
        }
    }
}
