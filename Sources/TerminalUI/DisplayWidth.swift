/// How many cells a character takes, roughly as wcwidth(3) would say in a UTF-8 locale, without
/// depending on the process locale. The chrome only places one-cell characters, so wide ones are
/// shown as `?` and zero-width ones dropped to keep columns aligned.
enum DisplayWidth {
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || (0xFE00...0xFE0F).contains(value)
            || value == 0x200D || (0x20D0...0x20FF).contains(value) {
            return 0
        }
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
            || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value) {
            return 2
        }
        return 1
    }

    /// `text` as one-cell scalars: wide characters become `?`, zero-width and control ones vanish;
    /// with `asciiOnly` everything outside printable ASCII becomes `?`.
    static func cells(_ text: String, asciiOnly: Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if asciiOnly {
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.append(scalar.value < 0x7F ? scalar : "?")
                continue
            }
            switch of(scalar) {
            case 0: continue
            case 1: result.append(scalar)
            default: result.append("?")
            }
        }
        return result
    }
}
