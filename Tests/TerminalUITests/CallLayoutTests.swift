import Testing
@testable import TerminalUI

@Suite struct CallLayoutTests {
    static let sizes: [(Int, Int)] = [(120, 40), (80, 24), (200, 60), (40, 12), (20, 5), (10, 3), (1, 1), (0, 0), (-3, -7)]

    @Test(arguments: 0...9)
    func everySizeGivesOneRectPerTileInsideTheVideoArea(tileCount: Int) {
        for (columns, rows) in Self.sizes {
            for panel in [false, true] {
                let layout = CallLayout.compute(columns: columns, rows: rows, tileCount: tileCount, showSelfView: true,
                                                sidePanel: panel)
                #expect(layout.tiles.count == tileCount)
                for tile in layout.tiles where !tile.isEmpty {
                    #expect(tile.intersection(layout.videoArea) == tile, "tile \(tile) leaves the video area at \(columns)x\(rows)")
                    #expect(tile.width >= 3 && tile.height >= 3)
                }
                let visible = layout.tiles.filter { !$0.isEmpty }
                for (index, tile) in visible.enumerated() {
                    for other in visible[(index + 1)...] { #expect(!tile.intersects(other)) }
                }
                if let side = layout.sidePanel {
                    #expect(!side.intersects(layout.videoArea))
                    #expect(side.endColumn == max(0, columns))
                }
                if let selfView = layout.selfView { #expect(selfView.intersection(layout.videoArea) == selfView) }
            }
        }
    }

    @Test func statusLineIsTheLastRowAndHeaderTheFirst() {
        let layout = CallLayout.compute(columns: 120, rows: 40, tileCount: 2, showSelfView: true, sidePanel: false)
        #expect(layout.statusRow == 39)
        #expect(layout.header == CellRect(column: 0, row: 0, width: 120, height: 1))
        #expect(layout.videoArea == CellRect(column: 0, row: 1, width: 120, height: 38))
        let empty = CallLayout.compute(columns: 0, rows: 0, tileCount: 3, showSelfView: true, sidePanel: true)
        #expect(empty.statusRow == nil)
        #expect(empty.tiles.allSatisfy { $0.isEmpty })
        #expect(empty.selfView == nil)
    }

    @Test func oneTileKeepsTheVideoShape() {
        // 16:9 video on cells twice as tall as wide: 3.56 columns per row of cells.
        let layout = CallLayout.compute(columns: 120, rows: 40, tileCount: 1, showSelfView: false, sidePanel: false)
        let inner = layout.tiles[0].insetBy(1)
        let shape = Double(inner.width) / Double(inner.height)
        #expect(abs(shape - 32.0 / 9.0) < 0.15, "picture \(inner.width)x\(inner.height)")
        #expect(inner.height == 36 || inner.width == 118)
    }

    @Test func fourTilesOnAWideTerminalMakeATwoByTwoGrid() {
        let layout = CallLayout.compute(columns: 160, rows: 50, tileCount: 4, showSelfView: false, sidePanel: false)
        let rows = Set(layout.tiles.map(\.row)), columns = Set(layout.tiles.map(\.column))
        #expect(rows.count == 2 && columns.count == 2)
        #expect(Set(layout.tiles.map(\.width)).count == 1)
    }

    @Test func aShortLastRowIsCentred() {
        let layout = CallLayout.compute(columns: 200, rows: 60, tileCount: 3, showSelfView: false, sidePanel: false)
        let lastRow = layout.tiles.filter { $0.row == layout.tiles.map(\.row).max() }
        let firstRow = layout.tiles.filter { $0.row == layout.tiles.map(\.row).min() }
        if lastRow.count == 1, firstRow.count == 2 {
            let middle = (firstRow[0].column + firstRow[1].endColumn) / 2
            #expect(abs(lastRow[0].column + lastRow[0].width / 2 - middle) <= 1)
        }
    }

    @Test func thePanelTakesTheRightSideAndTheTilesShrink() {
        let without = CallLayout.compute(columns: 120, rows: 40, tileCount: 2, showSelfView: true, sidePanel: false)
        let with = CallLayout.compute(columns: 120, rows: 40, tileCount: 2, showSelfView: true, sidePanel: true)
        #expect(without.sidePanel == nil)
        let panel = try! #require(with.sidePanel)
        #expect(panel.endColumn == 120 && panel.width >= 24 && panel.width <= 40)
        #expect(with.videoArea.width == 120 - panel.width)
        #expect(with.tiles.allSatisfy { $0.endColumn <= panel.column })
    }

    @Test func resizingIsJustComputingAgain() {
        let a = CallLayout.compute(columns: 120, rows: 40, tileCount: 2, showSelfView: true, sidePanel: false)
        let b = CallLayout.compute(columns: 90, rows: 30, tileCount: 2, showSelfView: true, sidePanel: false)
        #expect(a != b)
        #expect(b.statusRow == 29)
        #expect(b.tiles.allSatisfy { $0.endColumn <= 90 && $0.endRow <= 29 })
        #expect(a == CallLayout.compute(columns: 120, rows: 40, tileCount: 2, showSelfView: true, sidePanel: false))
    }

    @Test func overlaysAreCentredAndClipped() {
        let layout = CallLayout.compute(columns: 100, rows: 30, tileCount: 1, showSelfView: false, sidePanel: false)
        let box = layout.overlay(width: 40, height: 10)
        #expect(box == CellRect(column: 30, row: 10, width: 40, height: 10))
        let tiny = CallLayout.compute(columns: 20, rows: 5, tileCount: 1, showSelfView: false, sidePanel: false)
        let clipped = tiny.overlay(width: 40, height: 10)
        #expect(clipped.width == 20 && clipped.height == 3 && clipped.row == 1)
    }
}
