import Testing
@testable import MediaIO

@Suite struct RenderTerminalEmulatorTests {
    private func run(_ text: String, columns: Int = 10, rows: Int = 4) -> TerminalEmulator {
        var terminal = TerminalEmulator(columns: columns, rows: rows)
        terminal.feed(Array(text.utf8))
        return terminal
    }

    @Test func cursorMovesPlaceText() {
        let terminal = run("\u{1B}[2;3Ha\u{1B}[2Cb\u{1B}[Ec\u{1B}[4Gd\u{1B}[He\u{1B}[3;1f\u{1B}[Af")
        #expect(terminal.screen.text(ofRow: 0) == "e         ")
        #expect(terminal.screen.text(ofRow: 1) == "f a  b    ")
        #expect(terminal.screen.text(ofRow: 2) == "c  d      ")
    }

    @Test func sgrSetsAndResetsColours() {
        let terminal = run("\u{1B}[38;2;1;2;3;48;5;200mA\u{1B}[31;104mB\u{1B}[39mC\u{1B}[mD\u{1B}[97;42mE")
        #expect(terminal.screen[0, 0] == Cell(character: "A", foreground: .rgb(1, 2, 3), background: .indexed(200)))
        #expect(terminal.screen[1, 0] == Cell(character: "B", foreground: .indexed(1), background: .indexed(12)))
        #expect(terminal.screen[2, 0] == Cell(character: "C", foreground: .default, background: .indexed(12)))
        #expect(terminal.screen[3, 0] == Cell(character: "D", foreground: .default, background: .default))
        #expect(terminal.screen[4, 0] == Cell(character: "E", foreground: .indexed(15), background: .indexed(2)))
        #expect(terminal.unsupportedSequences == 0)
    }

    @Test func utf8TextIsDecoded() {
        let terminal = run("\u{2580}\u{1FB00}\u{28FF}x")
        #expect(terminal.screen.text(ofRow: 0).hasPrefix("\u{2580}\u{1FB00}\u{28FF}x"))
        #expect(terminal.cursorColumn == 4)
    }

    @Test func theLastColumnWaitsBeforeWrapping() {
        var terminal = run("\u{1B}[1;10Hx", columns: 10, rows: 2)
        #expect(terminal.cursorRow == 0 && terminal.scrolledLines == 0)
        terminal.feed(Array("y".utf8))
        #expect(terminal.screen[0, 1].character == "y")
        // Writing the bottom-right cell and one more character scrolls: what the writer avoids.
        terminal.feed(Array("\u{1B}[2;10Hzw".utf8))
        #expect(terminal.scrolledLines == 1)
    }

    @Test func synchronizedOutputModeIsTracked() {
        var terminal = run("\u{1B}[?2026h")
        #expect(terminal.isSynchronizing)
        terminal.feed(Array("\u{1B}[?2026l".utf8))
        #expect(!terminal.isSynchronizing)
        terminal.feed(Array("\u{1B}[?25l\u{1B}[5n".utf8))
        #expect(terminal.unsupportedSequences == 2)
    }

    @Test func aZeroSizedTerminalSwallowsEverything() {
        let terminal = run("\u{1B}[5;5Hhello\u{1B}[K\u{1B}[2J\n\n", columns: 0, rows: 0)
        #expect(terminal.screen.cells.isEmpty)
    }
}
