import Testing
@testable import MediaIO

/// Every cell must use only the colour encoding its mode can send, whatever the picture.
@Suite struct RenderColorModeTests {
    @Test(arguments: ColorMode.allCases)
    func cellsUseOnlyTheModesColours(mode: ColorMode) {
        var generator = SeededGenerator(seed: 5)
        for blitter in Blitter.allCases {
            for _ in 0..<4 {
                let frame = RenderTestSupport.randomFrame(width: .random(in: 1...64, using: &generator),
                                                          height: .random(in: 1...48, using: &generator), using: &generator)
                let grid = VideoRenderer(dither: Dither.allCases.randomElement(using: &generator)!)
                    .render(frame, columns: .random(in: 1...30, using: &generator), rows: .random(in: 1...12, using: &generator),
                            blitter: blitter, colorMode: mode)
                for cell in grid.cells {
                    for color in [cell.foreground, cell.background] {
                        switch (mode, color) {
                        case (.truecolor, .rgb), (.monochrome, .default): break
                        case (.palette256, .indexed(let index)): #expect(index >= 16)
                        case (.palette16, .indexed(let index)): #expect(index < 16)
                        default: Issue.record("\(mode) \(blitter) produced \(color)")
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: Blitter.allCases)
    func glyphsComeFromTheBlittersSet(blitter: Blitter) {
        var generator = SeededGenerator(seed: 6)
        let allowed: Set<Unicode.Scalar> = switch blitter {
        case .halfBlock: Set(BlockGlyphs.halfBlock)
        case .quadrant: Set(BlockGlyphs.quadrant)
        case .sextant: Set(BlockGlyphs.sextant)
        case .braille: Set(BlockGlyphs.braille)
        case .ascii: Set(BlockGlyphs.asciiRamp)
        }
        for mode in ColorMode.allCases {
            let frame = RenderTestSupport.randomFrame(width: 50, height: 30, using: &generator)
            let grid = VideoRenderer().render(frame, columns: 25, rows: 9, blitter: blitter, colorMode: mode)
            #expect(grid.cells.allSatisfy { allowed.contains($0.character) }, "\(blitter) \(mode)")
            if blitter == .ascii { #expect(grid.cells.allSatisfy { $0.character.isASCII }) }
        }
    }
}
