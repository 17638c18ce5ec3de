@testable import AdminConsole
import Foundation
import Testing

/// The layout renders into an in-memory frame; these compare the text it would draw.
@Suite struct AdminLayoutTests {
    let now = AdminModelTests.base.addingTimeInterval(600)

    func model(readonly: Bool = false) -> AdminModel {
        var model = AdminModel(readonly: readonly)
        model.feed = .live
        var ann = AdminModelTests.ann
        ann.joinedAt = AdminModelTests.base.addingTimeInterval(60)
        ann.bitrateInKbps = 512
        ann.bitrateOutKbps = 1500
        ann.packetsLost = 3
        ann.jitterMs = 4.2
        ann.rttMs = 12
        ann.videoMuted = true
        model.apply(.snapshot([AdminModelTests.room("Aaaaaaaaa1", minute: 1, people: [ann, AdminModelTests.bob]),
                               AdminModelTests.room("Bbbbbbbbb2", minute: 2)]))
        return model
    }

    @Test func roomsScreen() {
        var model = model()
        _ = model.apply(.down)
        _ = model.apply(.toggleMark)
        model.status = AdminStatus("Connected to the admin event stream.")
        let frame = AdminLayout.frame(model, server: "http://127.0.0.1:8080", rows: 8, columns: 90, now: now)
        #expect(frame.text == """
         kaamos admin · http://127.0.0.1:8080 · 2 rooms · live
          ROOM        PEOPLE  AGE     EXPIRES IN
          Aaaaaaaaa1  2       9m00s   23h50m
        * Bbbbbbbbb2  0       8m00s   23h50m


         [1 marked]  Enter open  n new  x close  J join  space mark  / filter  ? help  q quit
         Connected to the admin event stream.
        """)
        #expect(frame.lines.count == 8)
        #expect(frame.lines.allSatisfy { $0.text.count == 90 })
        #expect(frame.lines[3].style == .selectedMarked)
        #expect(frame.lines[2].style == .normal)
        #expect(frame.lines[0].style == .title)
    }

    @Test func participantsScreenWithStatsAndMutes() {
        var model = model()
        _ = model.apply(.open)
        let frame = AdminLayout.frame(model, server: "http://s", rows: 6, columns: 100, now: now)
        #expect(frame.text.split(separator: "\n").map(String.init) == [
            " kaamos admin · http://s · room Aaaaaaaaa1, 2 participants · live",
            "  NAME              ID    JOINED  AUDIO  VIDEO  IN      OUT     LOST  JITTER  RTT",
            "  ann               p1    9m00s   on     MUTED  512k    1500k   3     4.2ms   12.0ms",
            "  bob               p2    -       on     off    -       -       -     -       -",
            " K kick  a audio  V video  x close room  J join  space mark  / filter  Esc back  ? help  q quit",
        ])
        #expect(frame.lines[2].style == .selected)
    }

    @Test func promptsFilterAndReadonlyHints() {
        var model = model()
        _ = model.apply(.close)
        for character in "Aaa" { _ = model.apply(.type(character)) }
        var frame = AdminLayout.frame(model, server: "s", rows: 6, columns: 90, now: now)
        #expect(frame.lines[4].text.hasPrefix(" Close room Aaaaaaaaa1 and disconnect everyone? Type its id to confirm: Aaa▏"))
        #expect(frame.lines[4].style == .prompt)

        model = self.model()
        _ = model.apply(.startFilter)
        _ = model.apply(.type("B"))
        frame = AdminLayout.frame(model, server: "s", rows: 6, columns: 90, now: now)
        #expect(frame.lines[2].text.hasPrefix("  Bbbbbbbbb2"))
        #expect(frame.lines[4].text.hasPrefix(" filter: B▏"))

        model = self.model(readonly: true)
        frame = AdminLayout.frame(model, server: "s", rows: 6, columns: 90, now: now)
        #expect(frame.lines[0].text.contains("read-only"))
        #expect(frame.lines[4].text.trimmingCharacters(in: .whitespaces) == "Enter open  / filter  ? help  q quit")
        _ = model.apply(.help)
        frame = AdminLayout.frame(model, server: "s", rows: 20, columns: 90, now: now)
        #expect(!frame.text.contains("kick"))
        #expect(frame.text.contains("filter rows"))
    }

    @Test func feedStatesShowInTheTitle() {
        var model = AdminModel()
        #expect(AdminLayout.frame(model, server: "s", rows: 6, columns: 120, now: now).lines[0].text.contains("connecting"))
        model.feed = .polling
        #expect(AdminLayout.frame(model, server: "s", rows: 6, columns: 120, now: now).lines[0].text.contains("polling every 1 s"))
        model.feed = .down(reason: "gone", retryIn: 4)
        #expect(AdminLayout.frame(model, server: "s", rows: 6, columns: 120, now: now).lines[0].text.contains("retrying in 4 s"))
        #expect(AdminLayout.frame(model, server: "s", rows: 6, columns: 120, now: now).lines[2].text.hasPrefix("  no live rooms (n creates one)"))
    }

    @Test func listScrollsToKeepTheCursorAndSmallTerminalsSaySo() {
        var model = AdminModel()
        model.replaceRooms((0..<20).map { AdminModelTests.room(String(format: "Room%06d", $0), minute: $0) })
        _ = model.apply(.bottom)
        let frame = AdminLayout.frame(model, server: "s", rows: 8, columns: 60, now: now)
        #expect(frame.lines[5].text.hasPrefix("  Room000019"))
        #expect(frame.lines[2].text.hasPrefix("  Room000016"))
        #expect(AdminLayout.frame(model, server: "s", rows: 3, columns: 60, now: now).lines[0].text.hasPrefix("terminal too small"))
        #expect(AdminFrame.fit("abcdef", 4) == "abc…")
    }
}
