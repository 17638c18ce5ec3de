/// Where the diff writer's control sequences go: a byte array to send, or `EscapeByteCounter` to
/// price alternatives (cursor jump vs writing through) with the same code that emits them.
protocol EscapeSink {
    mutating func append(_ byte: UInt8)
}

extension EscapeSink {
    mutating func append(number: Int) {
        if number >= 10 { append(number: number / 10) }
        append(UInt8(48 + number % 10))
    }

    mutating func appendCSI() {
        append(0x1B)
        append(0x5B)  // [
    }

    mutating func append(scalar: Unicode.Scalar) {
        for byte in UTF8.encode(scalar)! { append(byte) }
    }

    /// CUP to a 0-based screen position (the sequence is 1-based; 1 is the default and is omitted).
    mutating func appendCursorPosition(column: Int, row: Int) {
        appendCSI()
        if row > 0 || column > 0 { append(number: row + 1) }
        if column > 0 {
            append(0x3B)
            append(number: column + 1)
        }
        append(0x48)  // H
    }

    /// CUF n, or CNL n (`final` E): n = 1 is the default and is omitted.
    mutating func appendCursorMove(_ count: Int, final: UInt8) {
        appendCSI()
        if count != 1 { append(number: count) }
        append(final)
    }

    /// One SGR sequence taking the pen from (`fromForeground`, `fromBackground`) to the target
    /// colours; nil means unknown. Emits nothing when nothing changes.
    mutating func appendColors(from fromForeground: TerminalColor?, _ fromBackground: TerminalColor?,
                               to foreground: TerminalColor, _ background: TerminalColor) {
        let changeForeground = fromForeground != foreground, changeBackground = fromBackground != background
        guard changeForeground || changeBackground else { return }
        appendCSI()
        if foreground == .default && background == .default {
            append(0x6D)  // "ESC[m" resets both in three bytes
            return
        }
        if changeForeground { appendParameters(foreground, isBackground: false) }
        if changeForeground && changeBackground { append(0x3B) }
        if changeBackground { appendParameters(background, isBackground: true) }
        append(0x6D)  // m
    }

    private mutating func appendParameters(_ color: TerminalColor, isBackground: Bool) {
        switch color {
        case .default:
            append(number: isBackground ? 49 : 39)
        case .indexed(let index) where index < 8:
            append(number: (isBackground ? 40 : 30) + Int(index))
        case .indexed(let index) where index < 16:
            append(number: (isBackground ? 100 : 90) + Int(index) - 8)
        case .indexed(let index):
            append(number: isBackground ? 48 : 38)
            append(0x3B)
            append(0x35)  // 5
            append(0x3B)
            append(number: Int(index))
        case .rgb(let r, let g, let b):
            append(number: isBackground ? 48 : 38)
            append(0x3B)
            append(0x32)  // 2
            append(0x3B)
            append(number: Int(r))
            append(0x3B)
            append(number: Int(g))
            append(0x3B)
            append(number: Int(b))
        }
    }
}

extension Array: EscapeSink where Element == UInt8 {}
