/// A small in-memory terminal that interprets the escapes the renderers emit (and a few more), so
/// tests can replay a byte stream and look at the resulting screen instead of matching bytes.
///
/// Understood: UTF-8 text with auto-wrap and scrolling, CR, LF, BS; CSI cursor moves CUU, CUD,
/// CUF, CUB, CNL, CPL, CHA, CUP/HVP; ED and EL; SGR 0, 30-37, 38;5, 38;2, 39, 40-47, 48;5, 48;2,
/// 49, 90-97, 100-107; DEC private mode 2026 (synchronized output). Anything else is counted in
/// `unsupportedSequences` and otherwise ignored.
public struct TerminalEmulator: Sendable {
    public private(set) var screen: CellGrid
    /// 0-based cursor position.
    public private(set) var cursorColumn = 0
    public private(set) var cursorRow = 0
    public private(set) var foreground: TerminalColor = .default
    public private(set) var background: TerminalColor = .default
    /// True between `ESC[?2026h` and `ESC[?2026l`.
    public private(set) var isSynchronizing = false
    /// How many lines scrolled off the top (a renderer should never cause this).
    public private(set) var scrolledLines = 0
    public private(set) var unsupportedSequences = 0
    /// How many times each cell was printed to, row-major.
    public private(set) var writeCounts: [Int]

    /// After printing in the last column the cursor stays there until the next printable character
    /// wraps it (the VT100 "pending wrap" state).
    private var pendingWrap = false
    private var parser = ParserState.ground
    private var utf8Buffer: [UInt8] = []
    private var utf8Remaining = 0

    private enum ParserState {
        case ground
        case escape
        case controlSequence(parameters: [UInt8])
    }

    public init(columns: Int, rows: Int) {
        screen = CellGrid(width: columns, height: rows)
        writeCounts = [Int](repeating: 0, count: screen.width * screen.height)
    }

    public var columns: Int { screen.width }
    public var rows: Int { screen.height }

    public func writeCount(column: Int, row: Int) -> Int { writeCounts[row * columns + column] }

    /// Interprets `bytes` in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { feed(byte) }
    }

    /// The `width` x `height` cells at (`column`, `row`), clipped cells reading as blank.
    public func region(column: Int, row: Int, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        for y in 0..<grid.height {
            for x in 0..<grid.width where column + x >= 0 && column + x < columns && row + y >= 0 && row + y < rows {
                grid[x, y] = screen[column + x, row + y]
            }
        }
        return grid
    }

    private mutating func feed(_ byte: UInt8) {
        switch parser {
        case .escape:
            parser = byte == 0x5B ? .controlSequence(parameters: []) : .ground
            if byte != 0x5B { unsupportedSequences += 1 }
        case .controlSequence(var parameters):
            if (0x40...0x7E).contains(byte) {
                parser = .ground
                performControlSequence(parameters: parameters, final: byte)
            } else {
                parameters.append(byte)
                parser = .controlSequence(parameters: parameters)
            }
        case .ground:
            if utf8Remaining > 0 {
                guard byte & 0xC0 == 0x80 else {
                    utf8Remaining = 0
                    print(Unicode.Scalar(0xFFFD)!)
                    feed(byte)
                    return
                }
                utf8Buffer.append(byte)
                utf8Remaining -= 1
                if utf8Remaining == 0 { printBuffered() }
                return
            }
            switch byte {
            case 0x1B: parser = .escape
            case 0x0D: cursorColumn = 0; pendingWrap = false
            case 0x0A: lineFeed()
            case 0x08: cursorColumn = max(0, cursorColumn - 1); pendingWrap = false
            case 0x00..<0x20, 0x7F: break
            case 0x20..<0x80: print(Unicode.Scalar(byte))
            case 0xC0..<0xE0: startUTF8(byte, remaining: 1)
            case 0xE0..<0xF0: startUTF8(byte, remaining: 2)
            case 0xF0..<0xF8: startUTF8(byte, remaining: 3)
            default: print(Unicode.Scalar(0xFFFD)!)
            }
        }
    }

    private mutating func startUTF8(_ byte: UInt8, remaining: Int) {
        utf8Buffer = [byte]
        utf8Remaining = remaining
    }

    private mutating func printBuffered() {
        var scalar: Unicode.Scalar = Unicode.Scalar(0xFFFD)!
        var decoder = UTF8()
        var iterator = utf8Buffer.makeIterator()
        if case .scalarValue(let decoded) = decoder.decode(&iterator) { scalar = decoded }
        print(scalar)
    }

    private mutating func print(_ scalar: Unicode.Scalar) {
        guard columns > 0, rows > 0 else { return }
        if pendingWrap {
            cursorColumn = 0
            lineFeed()
        }
        screen[cursorColumn, cursorRow] = Cell(character: scalar, foreground: foreground, background: background)
        writeCounts[cursorRow * columns + cursorColumn] += 1
        if cursorColumn == columns - 1 {
            pendingWrap = true
        } else {
            cursorColumn += 1
        }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        guard rows > 0 else { return }
        if cursorRow < rows - 1 {
            cursorRow += 1
            return
        }
        scrolledLines += 1
        screen.cells.removeFirst(columns)
        screen.cells.append(contentsOf: repeatElement(Cell(character: " ", foreground: .default, background: background), count: columns))
    }

    private mutating func performControlSequence(parameters raw: [UInt8], final: UInt8) {
        var isPrivate = false
        var text = raw
        if text.first == 0x3F {  // ?
            isPrivate = true
            text.removeFirst()
        }
        let parameters: [Int?] = String(decoding: text, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? nil : Int($0) }
        func parameter(_ index: Int, default value: Int) -> Int {
            index < parameters.count ? (parameters[index] ?? value) : value
        }
        // Clamped so absurd counts cannot overflow the cursor arithmetic.
        let count = min(max(1, parameter(0, default: 1)), max(columns, rows) + 1)
        if isPrivate {
            if parameters.first == 2026, final == 0x68 { isSynchronizing = true }
            else if parameters.first == 2026, final == 0x6C { isSynchronizing = false }
            else { unsupportedSequences += 1 }
            return
        }
        let lastColumn = max(0, columns - 1), lastRow = max(0, rows - 1)
        pendingWrap = pendingWrap && final == 0x6D  // only SGR keeps a pending wrap
        switch final {
        case 0x41: cursorRow = max(0, cursorRow - count)                                  // CUU
        case 0x42: cursorRow = min(lastRow, cursorRow + count)                            // CUD
        case 0x43: cursorColumn = min(lastColumn, cursorColumn + count)                   // CUF
        case 0x44: cursorColumn = max(0, cursorColumn - count)                            // CUB
        case 0x45: cursorRow = min(lastRow, cursorRow + count); cursorColumn = 0         // CNL
        case 0x46: cursorRow = max(0, cursorRow - count); cursorColumn = 0               // CPL
        case 0x47: cursorColumn = min(lastColumn, count - 1)                              // CHA
        case 0x48, 0x66:                                                                   // CUP, HVP
            cursorRow = min(lastRow + 1, max(1, parameter(0, default: 1))) - 1
            cursorColumn = min(lastColumn + 1, max(1, parameter(1, default: 1))) - 1
        case 0x4A where parameter(0, default: 0) == 2:                                     // ED 2
            screen = CellGrid(width: columns, height: rows,
                              fill: Cell(character: " ", foreground: .default, background: background))
        case 0x4B where parameter(0, default: 0) == 0 && rows > 0:                         // EL 0
            for column in cursorColumn..<columns {
                screen[column, cursorRow] = Cell(character: " ", foreground: .default, background: background)
            }
        case 0x6D: selectGraphicRendition(parameters.map { $0 ?? 0 })
        default: unsupportedSequences += 1
        }
    }

    private mutating func selectGraphicRendition(_ parameters: [Int]) {
        var index = 0
        let values = parameters.isEmpty ? [0] : parameters
        while index < values.count {
            let value = values[index]
            switch value {
            case 0: foreground = .default; background = .default
            case 30...37: foreground = .indexed(UInt8(value - 30))
            case 90...97: foreground = .indexed(UInt8(value - 90 + 8))
            case 39: foreground = .default
            case 40...47: background = .indexed(UInt8(value - 40))
            case 100...107: background = .indexed(UInt8(value - 100 + 8))
            case 49: background = .default
            case 38, 48:
                let color: TerminalColor?
                if index + 2 < values.count, values[index + 1] == 5 {
                    color = .indexed(UInt8(clamping: values[index + 2]))
                    index += 2
                } else if index + 4 < values.count, values[index + 1] == 2 {
                    color = .rgb(UInt8(clamping: values[index + 2]), UInt8(clamping: values[index + 3]),
                                 UInt8(clamping: values[index + 4]))
                    index += 4
                } else {
                    color = nil
                    unsupportedSequences += 1
                    index = values.count
                }
                if let color {
                    if value == 38 { foreground = color } else { background = color }
                }
            default: unsupportedSequences += 1
            }
            index += 1
        }
    }
}
