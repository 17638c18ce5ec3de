import Testing
@testable import MediaIO

/// A colour-bar chart must come out in the right colours in every blitter and colour mode.
@Suite struct RenderColorBarTests {
    /// 16 x 2 cells hold the 4:1 chart exactly (cells are 1:2), two cells per bar.
    private func render(_ blitter: Blitter, _ mode: ColorMode) -> CellGrid {
        VideoRenderer().render(RenderTestSupport.colorBars(), columns: 16, rows: 2, cellPixelAspect: 0.5,
                               blitter: blitter, colorMode: mode)
    }

    @Test func yuvToRGBFollowsBT601LimitedRange() {
        for bar in RenderTestSupport.bars {
            let rgb = AreaSampler.rgb(y: bar.y, u: bar.u, v: bar.v)
            #expect(RenderTestSupport.channelDistance(rgb, bar.rgb) <= 3, "\(bar.name): \(rgb)")
        }
        #expect(AreaSampler.rgb(y: 126, u: 128, v: 128) == RGBColor(128, 128, 128))
    }

    @Test func halfBlockTruecolorUsesTheExactPixelColours() {
        let grid = render(.halfBlock, .truecolor)
        for (index, bar) in RenderTestSupport.bars.enumerated() {
            for row in 0..<2 {
                for column in [2 * index, 2 * index + 1] {
                    let cell = grid[column, row]
                    #expect(cell.character == "\u{2580}")
                    #expect(RenderTestSupport.channelDistance(cell.foreground.approximateRGB!, bar.rgb) <= 3, "\(bar.name)")
                    #expect(RenderTestSupport.channelDistance(cell.background.approximateRGB!, bar.rgb) <= 3, "\(bar.name)")
                }
            }
        }
    }

    @Test(arguments: [Blitter.halfBlock, .quadrant, .sextant])
    func blockBlittersShowTheBarColoursInEveryColourMode(blitter: Blitter) {
        // Pure primaries sit on palette entries, so even dithered modes must land on them; the 16
        // colour palette has 205-level primaries next to the 255 ones, hence its wider margin.
        for (mode, margin) in [(ColorMode.truecolor, 3), (.palette256, 3), (.palette16, 60)] {
            let grid = render(blitter, mode)
            for (index, bar) in RenderTestSupport.bars.enumerated() {
                let mean = RenderTestSupport.meanColor(of: grid, columns: (2 * index)..<(2 * index + 2), blitter: blitter)
                #expect(RenderTestSupport.channelDistance(mean, bar.rgb) <= margin, "\(blitter) \(mode) \(bar.name): \(mean)")
            }
        }
    }

    @Test func palette256PicksCubeCornersForPrimaries() {
        let grid = render(.halfBlock, .palette256)
        let expected: [UInt8] = [231, 226, 51, 46, 201, 196, 21, 16]
        for (index, value) in expected.enumerated() {
            #expect(grid[2 * index, 0].foreground == .indexed(value), "\(RenderTestSupport.bars[index].name)")
            #expect(grid[2 * index + 1, 1].background == .indexed(value))
        }
    }

    @Test func palette16UsesOnlyTheBasicColours() {
        let grid = render(.quadrant, .palette16)
        for cell in grid.cells {
            for color in [cell.foreground, cell.background] {
                guard case .indexed(let index) = color else {
                    Issue.record("not indexed: \(color)")
                    continue
                }
                #expect(index < 16)
            }
        }
        // Red must be drawn in reds (1 or 9), never in another hue.
        let red = grid[10, 0]
        #expect([TerminalColor.indexed(1), .indexed(9)].contains(red.background))
    }

    @Test(arguments: [Blitter.halfBlock, .quadrant, .sextant, .braille])
    func monochromeLightsMoreSubpixelsForBrighterBars(blitter: Blitter) {
        let grid = render(blitter, .monochrome)
        var litShares: [Double] = []
        for index in RenderTestSupport.bars.indices {
            var lit = 0, count = 0
            for row in 0..<2 {
                for column in [2 * index, 2 * index + 1] {
                    let cell = grid[column, row]
                    #expect(cell.foreground == .default && cell.background == .default)
                    let coverage = RenderTestSupport.coverage(of: cell.character, blitter: blitter)
                    #expect(coverage != nil, "unexpected glyph \(cell.character)")
                    lit += coverage?.lit ?? 0
                    count += coverage?.count ?? 1
                }
            }
            litShares.append(Double(lit) / Double(count))
        }
        #expect(litShares.first == 1)   // white: everything lit
        #expect(litShares.last == 0)    // black: nothing lit
        // Bars get darker from left to right (by luma), so the lit share never grows.
        for index in 1..<litShares.count { #expect(litShares[index] <= litShares[index - 1] + 0.13) }
    }

    @Test func brailleColoursTheDotsAndLightsThemByBrightness() {
        let grid = render(.braille, .truecolor)
        #expect(grid[0, 0].character == "\u{28FF}")  // white: all eight dots
        #expect(grid[15, 0].character == " ")        // black: none
        let green = grid[6, 0]
        #expect(green.character != " ")
        #expect(RenderTestSupport.channelDistance(green.foreground.approximateRGB!, RGBColor(0, 255, 0)) <= 3)
        #expect(green.background == .rgb(0, 0, 0))
    }

    @Test func asciiRampFollowsLuma() {
        let grid = render(.ascii, .monochrome)
        // Lumas 255, 226, 179, 150, 105, 76, 29, 0 on the ten-step ramp.
        #expect(grid.text(ofRow: 0) == "@@%%**++==::..  ")
    }

    @Test func asciiColourModeKeepsTheHueInTheForeground() {
        let grid = render(.ascii, .truecolor)
        let cyan = grid[4, 1]
        #expect(RenderTestSupport.channelDistance(cyan.foreground.approximateRGB!, RGBColor(0, 255, 255)) <= 3)
        #expect(cyan.background == .rgb(0, 0, 0))
        #expect(grid[15, 1].character == " ")
    }
}
