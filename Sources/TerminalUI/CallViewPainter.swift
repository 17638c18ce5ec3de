import MediaIO

/// Draws a `CallViewModel` into a `ChromeCanvas` for a given terminal size: borders, labels, name
/// cards, the status line, panels and overlays. Video areas are left blank and listed, with the
/// parts of them no overlay covers. Pure: the same model and size always give the same picture.
public struct CallViewPainter: Sendable {
    public var glyphs: ChromeGlyphs
    public var asciiOnly: Bool

    /// The result of painting one frame.
    public struct Picture: Sendable, Equatable {
        public var canvas: ChromeCanvas
        public var layout: CallLayout.Layout
        public var video: [VideoRegion]
        /// The rectangles of open overlays (stats, help), in drawing order.
        public var overlays: [CellRect]
    }

    public init(unicode: Bool) {
        glyphs = unicode ? .unicode : .ascii
        asciiOnly = !unicode
    }

    public static let helpLines = [
        "m  microphone on / off",
        "v  camera on / off",
        "r  next renderer: half, quadrant, sextant, braille, ascii",
        "c  chat: type, Enter sends, Esc closes",
        "p  participants",
        "s  statistics",
        "?  this help",
        "q  leave the call",
    ]

    /// `videoAvailable` holds the ids of tiles with a frame to show; `selfViewAvailable` says the
    /// same of the self-view. `chatDraft` is what is being typed into the chat.
    public func paint(_ model: CallViewModel, columns: Int, rows: Int, videoAvailable: Set<String>,
                      selfViewAvailable: Bool, chatDraft: String = "", extraStats: [String] = [],
                      cellPixelAspect: Double = 0.5) -> Picture {
        let layout = CallLayout.compute(columns: columns, rows: rows, tileCount: model.tiles.count, showSelfView: true,
                                        sidePanel: model.showChat || model.showParticipants,
                                        cellPixelAspect: cellPixelAspect)
        var canvas = ChromeCanvas(columns: layout.columns, rows: layout.rows, asciiOnly: asciiOnly)

        var overlays: [CellRect] = []
        var statsRect: CellRect?
        var helpRect: CellRect?
        let statsLines = model.statsLines + extraStats
        if model.showStats {
            let width = min(64, max(24, (statsLines.map { $0.count }.max() ?? 0) + 4))
            let middleTop = layout.header.endRow
            let middleHeight = (layout.statusRow ?? layout.rows) - middleTop
            let rect = CellRect(column: min(1, layout.columns), row: middleTop, width: min(width, layout.columns - 1),
                                height: min(statsLines.count + 2, middleHeight))
            if !rect.isEmpty { statsRect = rect; overlays.append(rect) }
        }
        if model.showHelp {
            let width = (Self.helpLines.map { $0.count }.max() ?? 0) + 6
            let rect = layout.overlay(width: width, height: Self.helpLines.count + 4)
            if !rect.isEmpty { helpRect = rect; overlays.append(rect) }
        }

        var video: [VideoRegion] = []
        let selfRect = layout.selfView
        for (tile, rect) in zip(model.tiles, layout.tiles) where !rect.isEmpty {
            let inner = rect.insetBy(1)
            let showsVideo = tile.hasVideo && tile.cameraOn && videoAvailable.contains(tile.id) && !inner.isEmpty
            drawTileFrame(&canvas, rect: rect, name: tile.name, micOn: tile.micOn, cameraOn: tile.cameraOn,
                          speaking: tile.speaking)
            if showsVideo {
                video.append(VideoRegion(id: tile.id, rect: inner,
                                         visibleParts: inner.subtracting(([selfRect].compactMap { $0 }) + overlays)))
            } else {
                // Centre the card in the largest part the self-view leaves uncovered.
                let uncovered = inner.subtracting([selfRect].compactMap { $0 })
                let cardArea = uncovered.max { $0.width * $0.height < $1.width * $1.height } ?? inner
                canvas.fill(inner, style: .normal)
                drawNameCard(&canvas, in: cardArea, name: tile.name, detail: tile.cameraOn ? "no video" : "camera off",
                             micOn: tile.micOn)
            }
        }
        if model.tiles.isEmpty, !layout.videoArea.isEmpty {
            let text = "Waiting for others to join room \(model.roomID)"
            let area = layout.videoArea
            canvas.write(text, column: area.column + max(0, (area.width - text.count) / 2),
                         row: area.row + area.height / 3, style: .dim, limit: area.width)
        }
        if let selfRect {
            canvas.fill(selfRect, style: .normal)
            drawTileFrame(&canvas, rect: selfRect, name: "you", micOn: model.micOn, cameraOn: model.cameraOn,
                          speaking: false)
            let inner = selfRect.insetBy(1)
            if model.cameraOn && selfViewAvailable && !inner.isEmpty {
                video.append(VideoRegion(id: VideoRegion.selfViewID, rect: inner, visibleParts: inner.subtracting(overlays)))
            } else {
                drawNameCard(&canvas, in: inner, name: model.selfName, detail: model.cameraOn ? "no camera" : "camera off",
                             micOn: model.micOn)
            }
        }

        if let panel = layout.sidePanel { drawSidePanel(&canvas, panel: panel, model: model, draft: chatDraft) }
        drawHeader(&canvas, layout: layout, model: model)
        drawStatus(&canvas, layout: layout, model: model)
        if let statsRect { drawOverlay(&canvas, rect: statsRect, title: "Statistics", lines: statsLines) }
        if let helpRect { drawOverlay(&canvas, rect: helpRect, title: "Keys", lines: [""] + Self.helpLines) }
        return Picture(canvas: canvas, layout: layout, video: video, overlays: overlays)
    }

    // MARK: - Parts

    private func drawTileFrame(_ canvas: inout ChromeCanvas, rect: CellRect, name: String, micOn: Bool, cameraOn: Bool,
                               speaking: Bool) {
        canvas.box(rect, glyphs: glyphs, style: speaking ? .speakingBorder : .border)
        guard rect.width > 4 else { return }
        var column = rect.column + 1
        let end = rect.endColumn - 1
        func segment(_ text: String, _ style: ChromeStyle) {
            guard column < end else { return }
            column += canvas.write(text, column: column, row: rect.row, style: style, limit: end - column)
        }
        segment(" ", .border)
        if speaking { segment(glyphs.speaking + " ", .speakingBorder) }
        segment(name, .title)
        segment(" ", .border)
        segment(glyphs.mic(micOn), micOn ? .good : .bad)
        segment(" ", .border)
        segment(glyphs.camera(cameraOn), cameraOn ? .good : .bad)
        segment(" ", .border)
    }

    private func drawNameCard(_ canvas: inout ChromeCanvas, in rect: CellRect, name: String, detail: String, micOn: Bool) {
        guard !rect.isEmpty else { return }
        canvas.fill(rect, style: .normal)
        let lines: [(String, ChromeStyle)] = [(name, .title), (detail, .dim), (glyphs.mic(micOn), micOn ? .good : .bad)]
        let shown = lines.prefix(rect.height)
        let top = rect.row + (rect.height - shown.count) / 2
        for (offset, line) in shown.enumerated() {
            let width = min(line.0.count, rect.width)
            canvas.write(line.0, column: rect.column + (rect.width - width) / 2, row: top + offset, style: line.1,
                         limit: rect.width)
        }
    }

    private func drawHeader(_ canvas: inout ChromeCanvas, layout: CallLayout.Layout, model: CallViewModel) {
        let header = layout.header
        guard !header.isEmpty else { return }
        var column = 0
        if let notice = model.notice, !notice.isEmpty {
            column += canvas.write(" ! " + notice + " ", column: column, row: header.row, style: .warning)
        }
        canvas.write(" kaamos \(glyphs.separator.trimmingSpaces) room \(model.roomID) \(glyphs.separator.trimmingSpaces) \(model.selfName)",
                     column: column, row: header.row, style: .title)
    }

    private func drawStatus(_ canvas: inout ChromeCanvas, layout: CallLayout.Layout, model: CallViewModel) {
        let bar = layout.status
        guard !bar.isEmpty else { return }
        canvas.fill(bar, style: .statusBar)
        let status = model.status
        let connection = status.connection.lowercased()
        let connectionStyle: ChromeStyle = connection == "connected" ? .statusGood
            : (connection.contains("fail") || connection.contains("disconnect") || connection.contains("error")) ? .statusBad
            : .statusBar
        func number(_ value: Double?, _ digits: Int) -> String {
            guard let value, value.isFinite else { return "-" }
            return Self.format(value, digits: digits)
        }
        let security: [(String, ChromeStyle)] = status.insecure ? [("INSECURE (certificate not checked)", .statusBad)] : []
        let path: [(String, ChromeStyle)] = status.relayed ? [("via TURN", .statusBar)] : []
        let segments: [(String, ChromeStyle)] = [(status.connection, connectionStyle)] + security + path + [
            ("rtt \(number(status.rttMs, 0)) ms", .statusBar),
            ("loss \(number(status.lossPct, 1))%", .statusBar),
            ("\(glyphs.down)\(number(status.bitrateInKbps, 0)) \(glyphs.up)\(number(status.bitrateOutKbps, 0)) kbps", .statusBar),
            ("\(number(status.fps, 0)) fps", .statusBar),
            (glyphs.mic(model.micOn), model.micOn ? .statusGood : .statusBad),
            (glyphs.camera(model.cameraOn), model.cameraOn ? .statusGood : .statusBad),
            ("? help  q leave", .statusBar),
        ]
        var column = bar.column + 1
        for (index, segment) in segments.enumerated() {
            if index > 0 { column += canvas.write(glyphs.separator, column: column, row: bar.row, style: .statusBar) }
            column += canvas.write(segment.0, column: column, row: bar.row, style: segment.1)
        }
    }

    private func drawSidePanel(_ canvas: inout ChromeCanvas, panel: CellRect, model: CallViewModel, draft: String) {
        canvas.fill(panel, style: .normal)
        var participantsRect: CellRect?
        var chatRect: CellRect?
        switch (model.showParticipants, model.showChat) {
        case (true, true):
            let height = max(3, min(model.tiles.count + 3, panel.height / 2))
            participantsRect = CellRect(column: panel.column, row: panel.row, width: panel.width, height: height)
            chatRect = CellRect(column: panel.column, row: panel.row + height, width: panel.width,
                                height: panel.height - height)
        case (true, false): participantsRect = panel
        case (false, true): chatRect = panel
        case (false, false): break
        }
        if let rect = participantsRect, !rect.isEmpty {
            canvas.box(rect, glyphs: glyphs, style: .border, title: "Participants (\(model.tiles.count + 1))",
                       titleStyle: .title)
            var lines: [(String, Bool, Bool, Bool)] = [("\(model.selfName) (you)", model.micOn, model.cameraOn, false)]
            lines += model.tiles.map { ($0.name, $0.micOn, $0.cameraOn, $0.speaking) }
            let inner = rect.insetBy(1)
            for (offset, line) in lines.prefix(max(0, inner.height)).enumerated() {
                let row = inner.row + offset
                var column = inner.column + 1
                let end = inner.endColumn
                column += canvas.write(line.3 ? glyphs.speaking + " " : "  ", column: column, row: row,
                                       style: .speakingBorder, limit: end - column)
                let icons = glyphs.mic(line.1) + " " + glyphs.camera(line.2)
                let nameRoom = max(0, end - column - icons.count - 1)
                canvas.write(line.0, column: column, row: row, style: .normal, limit: nameRoom)
                var iconColumn = end - icons.count
                if iconColumn > column {
                    iconColumn += canvas.write(glyphs.mic(line.1), column: iconColumn, row: row, style: line.1 ? .good : .bad)
                    iconColumn += 1
                    canvas.write(glyphs.camera(line.2), column: iconColumn, row: row, style: line.2 ? .good : .bad)
                }
            }
        }
        if let rect = chatRect, !rect.isEmpty {
            canvas.box(rect, glyphs: glyphs, style: model.showChat ? .speakingBorder : .border,
                       title: "Chat  Enter sends, Esc closes", titleStyle: .title)
            let inner = rect.insetBy(1)
            guard inner.height > 0, inner.width > 2 else { return }
            let textWidth = inner.width - 2
            // Input line at the bottom, the newest messages just above it.
            let prompt = "> " + draft
            let visiblePrompt = prompt.count > textWidth ? String(prompt.suffix(textWidth)) : prompt
            canvas.fill(CellRect(column: inner.column, row: inner.endRow - 1, width: inner.width, height: 1), style: .input)
            canvas.write(visiblePrompt + (asciiOnly ? "_" : "▏"), column: inner.column + 1, row: inner.endRow - 1,
                         style: .input, limit: textWidth)
            var wrapped: [(String, ChromeStyle)] = []
            for line in model.chat {
                let head = "\(line.time) \(line.from): "
                let pieces = Self.wrap(head + line.text, width: textWidth)
                for (index, piece) in pieces.enumerated() { wrapped.append((piece, index == 0 ? .normal : .normal)) }
            }
            let room = inner.height - 1
            for (offset, line) in wrapped.suffix(room).enumerated() {
                canvas.write(line.0, column: inner.column + 1, row: inner.row + max(0, room - min(room, wrapped.count)) + offset,
                             style: line.1, limit: textWidth)
            }
        }
    }

    private func drawOverlay(_ canvas: inout ChromeCanvas, rect: CellRect, title: String, lines: [String]) {
        canvas.fill(rect, style: .overlay)
        canvas.box(rect, glyphs: glyphs, style: .overlay, title: title, titleStyle: .overlayTitle)
        let inner = rect.insetBy(1)
        for (offset, line) in lines.prefix(max(0, inner.height)).enumerated() {
            canvas.write(line, column: inner.column + 1, row: inner.row + offset, style: .overlay,
                         limit: max(0, inner.width - 2))
        }
    }

    // MARK: - Text helpers

    /// `value` with `digits` decimals, without Foundation's locale-dependent formatting.
    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 1e15 else { return value < 0 ? "-" : "∞" }
        let whole = Int(scaled) / Int(scale), fraction = Int(scaled) % Int(scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let digitsText = String(fraction)
            text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
        }
        return text
    }

    /// Splits `text` into lines of at most `width` characters, at spaces where it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            let window = rest.prefix(width + 1)
            if let space = window.lastIndex(of: " "), space > rest.startIndex {
                lines.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
        }
        if !rest.isEmpty || lines.isEmpty { lines.append(String(rest)) }
        return lines
    }
}
