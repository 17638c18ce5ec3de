import Foundation

/// Lays the model out on a terminal of a given size: a pure function, no curses.
///
///     row 0          title: server, feed, where we are
///     row 1          column headings
///     rows 2..<h-2   the list (scrolled so the cursor shows) or the help
///     row h-2        key hints, the filter being typed, or a confirmation prompt
///     row h-1        status: the last outcome or error
public enum AdminLayout {
    /// Rows the list gets on a terminal `rows` high.
    public static func listHeight(rows: Int) -> Int { max(0, rows - 4) }

    public static func frame(_ model: AdminModel, server: String, rows: Int, columns: Int, now: Date) -> AdminFrame {
        var frame = AdminFrame(rows: rows, columns: columns)
        guard rows >= 5, columns >= 20 else {
            frame.set(0, "terminal too small", .error)
            return frame
        }
        let where_: String
        if let room = model.openRoom {
            where_ = "room \(room.id), \(room.participantCount) participant\(room.participantCount == 1 ? "" : "s")"
        } else {
            where_ = "\(model.rooms.count) room\(model.rooms.count == 1 ? "" : "s")"
        }
        frame.set(0, " kaamos admin · \(server) · \(where_) · \(model.feed.summary)\(model.readonly ? " · read-only" : "")", .title)

        let height = listHeight(rows: rows)
        if model.showingHelp {
            frame.set(1, "  KEYS", .header)
            for (offset, line) in help(readonly: model.readonly).prefix(height).enumerated() {
                frame.set(2 + offset, "  " + line)
            }
        } else if model.screen == .rooms {
            layRooms(model, into: &frame, height: height, now: now)
        } else {
            layParticipants(model, into: &frame, height: height, now: now)
        }

        if let pending = model.pending {
            frame.set(rows - 2, " " + pending.prompt + (pending.required == nil ? "" : " " + pending.typed + "▏"), .prompt)
        } else if model.editingFilter {
            frame.set(rows - 2, " filter: " + model.filter + "▏  (Enter keeps it, Esc clears it)", .prompt)
        } else {
            let filter = model.filter.isEmpty ? "" : "[filter: \(model.filter)]  "
            let marks = model.marks.isEmpty ? "" : "[\(model.marks.count) marked]  "
            frame.set(rows - 2, " " + filter + marks + hints(model), .hint)
        }
        if let status = model.status {
            frame.set(rows - 1, " " + status.text, status.isError ? .error : .status)
        }
        return frame
    }

    private static func layRooms(_ model: AdminModel, into frame: inout AdminFrame, height: Int, now: Date) {
        let columns: [(String, Int)] = [("ROOM", 12), ("PEOPLE", 8), ("AGE", 8), ("EXPIRES IN", 12)]
        frame.set(1, "  " + row(columns.map { ($0.0, $0.1) }), .header)
        let rooms = model.visibleRooms
        if rooms.isEmpty {
            frame.set(2, model.filter.isEmpty ? "  no live rooms\(model.readonly ? "" : " (n creates one)")" : "  no room matches the filter")
            return
        }
        let first = firstVisible(cursor: model.cursor, height: height)
        for (offset, room) in rooms.dropFirst(first).prefix(height).enumerated() {
            let index = first + offset
            let cells = [room.id, String(room.participantCount), AdminTime.age(since: room.createdAt, now: now),
                         AdminTime.remaining(until: room.expiresAt, now: now)]
            let marked = model.marks.contains(room.id)
            frame.set(2 + offset, (marked ? "* " : "  ") + row(zip(cells, columns.map(\.1)).map { ($0, $1) }),
                      style(selected: index == model.cursor, marked: marked))
        }
    }

    private static func layParticipants(_ model: AdminModel, into frame: inout AdminFrame, height: Int, now: Date) {
        let columns: [(String, Int)] = [("NAME", 18), ("ID", 6), ("JOINED", 8), ("AUDIO", 7), ("VIDEO", 7),
                                        ("IN", 8), ("OUT", 8), ("LOST", 6), ("JITTER", 8), ("RTT", 8)]
        frame.set(1, "  " + row(columns), .header)
        guard let room = model.openRoom else { return }
        let people = model.visibleParticipants
        if people.isEmpty {
            frame.set(2, room.participants == nil ? "  loading…" : model.filter.isEmpty ? "  nobody is in this room" : "  nobody matches the filter")
            return
        }
        let first = firstVisible(cursor: model.cursor, height: height)
        for (offset, person) in people.dropFirst(first).prefix(height).enumerated() {
            let index = first + offset
            let cells = [person.name, person.id, AdminTime.age(since: person.joinedAt, now: now),
                         media(person.audio, muted: person.audioMuted), media(person.video, muted: person.videoMuted),
                         AdminTextOutput.kbps(person.bitrateInKbps), AdminTextOutput.kbps(person.bitrateOutKbps),
                         person.packetsLost.map(String.init) ?? "-",
                         AdminTextOutput.milliseconds(person.jitterMs), AdminTextOutput.milliseconds(person.rttMs)]
            let marked = model.marks.contains(person.id)
            frame.set(2 + offset, (marked ? "* " : "  ") + row(zip(cells, columns.map(\.1)).map { ($0, $1) }),
                      style(selected: index == model.cursor, marked: marked))
        }
    }

    /// The first row shown so that the cursor is on screen.
    static func firstVisible(cursor: Int, height: Int) -> Int {
        height > 0 && cursor >= height ? cursor - height + 1 : 0
    }

    private static func row(_ cells: [(String, Int)]) -> String {
        cells.map { AdminFrame.fit($0.0, $0.1 - 1) + " " }.joined()
    }

    private static func media(_ sending: Bool?, muted: Bool) -> String {
        muted ? "MUTED" : AdminTextOutput.onOff(sending)
    }

    private static func style(selected: Bool, marked: Bool) -> AdminFrame.Style {
        switch (selected, marked) {
        case (true, true): return .selectedMarked
        case (true, false): return .selected
        case (false, true): return .marked
        case (false, false): return .normal
        }
    }

    static func hints(_ model: AdminModel) -> String {
        switch (model.screen, model.readonly) {
        case (.rooms, false): return "Enter open  n new  x close  J join  space mark  / filter  ? help  q quit"
        case (.rooms, true): return "Enter open  / filter  ? help  q quit"
        case (.participants, false): return "K kick  a audio  V video  x close room  J join  space mark  / filter  Esc back  ? help  q quit"
        case (.participants, true): return "/ filter  Esc back  ? help  q quit"
        }
    }

    static func help(readonly: Bool) -> [String] {
        var lines = [
            "j k ↑ ↓      move          PgUp PgDn g G   page, first, last",
            "Enter        open a room's participants",
            "Esc          clear filter or marks, then back",
            "/            filter rows by id or name",
            "space        mark a row: the next action applies to every marked row",
        ]
        if !readonly {
            lines += [
                "n            create a room",
                "x            close the room(s): type the room id (or the count) to confirm",
                "K            kick the participant(s): y to confirm",
                "a  V         mute / unmute audio, video (the server stops forwarding it)",
                "J            leave the console and join the room",
            ]
        }
        lines += ["?            this help (any key closes it)", "q            quit"]
        return lines
    }
}
