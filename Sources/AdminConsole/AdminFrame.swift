/// One screenful as text: exactly `rows` lines of exactly `columns` characters, each with a style.
/// The layout builds it, the screen draws it, the tests read it.
public struct AdminFrame: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case normal, title, header, selected, marked, selectedMarked, hint, prompt, status, error
    }

    public struct Line: Sendable, Equatable {
        public var text: String
        public var style: Style
    }

    public let rows: Int
    public let columns: Int
    public private(set) var lines: [Line]

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        lines = Array(repeating: Line(text: String(repeating: " ", count: max(0, columns)), style: .normal), count: max(0, rows))
    }

    /// Sets row `row` to `text` cut or padded to the width; rows outside the frame are ignored.
    public mutating func set(_ row: Int, _ text: String, _ style: Style = .normal) {
        guard lines.indices.contains(row) else { return }
        lines[row] = Line(text: Self.fit(text, columns), style: style)
    }

    /// The frame's text, one line per row, trailing spaces removed (what the tests compare).
    public var text: String {
        lines.map { line in
            var text = line.text
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }

    static func fit(_ text: String, _ width: Int) -> String {
        let count = text.count
        if count == width { return text }
        if count < width { return text + String(repeating: " ", count: width - count) }
        return width > 1 ? String(text.prefix(width - 1)) + "…" : String(text.prefix(width))
    }
}
