import Testing
@testable import TerminalUI

@Suite struct CellRectTests {
    @Test func subtractingAHoleLeavesFourDisjointPartsCoveringTheRest() {
        let rect = CellRect(column: 0, row: 0, width: 10, height: 6)
        let hole = CellRect(column: 3, row: 2, width: 4, height: 2)
        let parts = rect.subtracting(hole)
        #expect(parts.count == 4)
        var covered = 0
        for row in 0..<6 {
            for column in 0..<10 {
                let hits = parts.filter { $0.contains(column: column, row: row) }.count
                #expect(hits == (hole.contains(column: column, row: row) ? 0 : 1))
                covered += hits
            }
        }
        #expect(covered == 60 - 8)
    }

    @Test func subtractingSomethingApartOrEverything() {
        let rect = CellRect(column: 5, row: 5, width: 4, height: 4)
        #expect(rect.subtracting(CellRect(column: 20, row: 20, width: 3, height: 3)) == [rect])
        #expect(rect.subtracting(CellRect(column: 0, row: 0, width: 30, height: 30)).isEmpty)
        #expect(CellRect.empty.subtracting(rect).isEmpty)
        #expect(rect.subtracting([CellRect(column: 5, row: 5, width: 4, height: 1), CellRect(column: 5, row: 8, width: 4, height: 1)])
            == [CellRect(column: 5, row: 6, width: 4, height: 2)])
    }

    @Test func insetOfATinyRectIsEmpty() {
        #expect(CellRect(column: 0, row: 0, width: 2, height: 2).insetBy(1).isEmpty)
        #expect(CellRect(column: 1, row: 1, width: 5, height: 4).insetBy(1) == CellRect(column: 2, row: 2, width: 3, height: 2))
    }
}
