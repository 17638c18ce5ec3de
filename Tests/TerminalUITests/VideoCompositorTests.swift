import MediaIO
import Testing
@testable import TerminalUI

@Suite struct VideoCompositorTests {
    let frame = TestPatternSource(width: 160, height: 90).frame(number: 3, timestampMicros: 100_000)

    @Test func picturesLandInTheirRegionWithColoursAndSkipCoveredParts() {
        var compositor = VideoCompositor()
        let rect = CellRect(column: 2, row: 1, width: 30, height: 10)
        let hole = CellRect(column: 10, row: 3, width: 8, height: 4)
        let region = VideoRegion(id: "a", rect: rect, visibleParts: rect.subtracting(hole))
        let bytes = compositor.compose([region], frames: ["a": frame], blitter: .halfBlock, colorMode: .truecolor,
                                       cellPixelAspect: 0.5, screenColumns: 40, screenRows: 15)
        var terminal = TerminalEmulator(columns: 40, rows: 15)
        terminal.feed(bytes)
        #expect(terminal.scrolledLines == 0 && terminal.unsupportedSequences == 0)
        var coloured = 0
        for row in 0..<15 {
            for column in 0..<40 {
                let inside = rect.contains(column: column, row: row) && !hole.contains(column: column, row: row)
                if !inside { #expect(terminal.writeCount(column: column, row: row) == 0, "(\(column), \(row))") }
                if inside, case .rgb = terminal.screen[column, row].background { coloured += 1 }
            }
        }
        #expect(coloured > 200)
    }

    @Test func anUnchangedFrameWritesNothingAndInvalidateRedraws() {
        var compositor = VideoCompositor()
        let rect = CellRect(column: 0, row: 0, width: 20, height: 6)
        let region = VideoRegion(id: "a", rect: rect, visibleParts: [rect])
        func compose() -> [UInt8] {
            compositor.compose([region], frames: ["a": frame], blitter: .quadrant, colorMode: .palette256,
                               cellPixelAspect: 0.5, screenColumns: 20, screenRows: 6)
        }
        let first = compose()
        #expect(!first.isEmpty)
        #expect(compose().isEmpty)
        compositor.invalidate()
        #expect(compose().count == first.count)
    }

    @Test func regionsWithoutFramesAreLeftAlone() {
        var compositor = VideoCompositor()
        let rect = CellRect(column: 0, row: 0, width: 8, height: 4)
        let bytes = compositor.compose([VideoRegion(id: "x", rect: rect, visibleParts: [rect])], frames: [:],
                                       blitter: .halfBlock, colorMode: .truecolor, cellPixelAspect: 0.5,
                                       screenColumns: 8, screenRows: 4)
        #expect(bytes.isEmpty)
    }
}

@Suite struct VideoCompositorMonochromeTests {
    @Test func monochromePicturesAreDrawnWithGlyphs() {
        let frame = TestPatternSource(width: 160, height: 90).frame(number: 3, timestampMicros: 100_000)
        var compositor = VideoCompositor()
        let rect = CellRect(column: 0, row: 0, width: 30, height: 10)
        let bytes = compositor.compose([VideoRegion(id: "a", rect: rect, visibleParts: [rect])], frames: ["a": frame],
                                       blitter: .halfBlock, colorMode: .monochrome, cellPixelAspect: 0.5,
                                       screenColumns: 30, screenRows: 10)
        var terminal = TerminalEmulator(columns: 30, rows: 10)
        terminal.feed(bytes)
        let glyphs = terminal.screen.cells.filter { $0.character != " " }.count
        // In monochrome the glyph's shape is the picture: ▀ ▄ █ must not collapse into spaces.
        #expect(glyphs > 50, "only \(glyphs) glyphs")
    }
}


@Suite struct EffectiveBlitterTests {
    @Test func asciiWithoutUnicodeAndBrailleForMonochromeBlocks() {
        #expect(CallScreen.effectiveBlitter(.sextant, colorMode: .truecolor, unicode: false) == .ascii)
        #expect(CallScreen.effectiveBlitter(.halfBlock, colorMode: .monochrome, unicode: true) == .halfBlock)
        #expect(CallScreen.effectiveBlitter(.ascii, colorMode: .monochrome, unicode: true) == .ascii)
        #expect(CallScreen.effectiveBlitter(.quadrant, colorMode: .palette16, unicode: true) == .quadrant)
    }
}
