import MediaIO
import Testing
@testable import TerminalUI

@Suite struct CallViewPainterTests {
    static func model() -> CallViewModel {
        CallViewModel(roomID: "r1", selfName: "Me", tiles: [
            .init(id: "a", name: "Alice", speaking: true),
            .init(id: "b", name: "Bob", micOn: false, cameraOn: false, hasVideo: false),
        ], status: .init(connection: "connected", rttMs: 42.4, lossPct: 0.25, bitrateInKbps: 1200, bitrateOutKbps: 800, fps: 29.7),
        chat: [.init(from: "Alice", text: "hello", time: "10:00")])
    }

    func paint(_ model: CallViewModel, unicode: Bool = true, columns: Int = 120, rows: Int = 40,
               video: Set<String> = ["a"], draft: String = "") -> CallViewPainter.Picture {
        CallViewPainter(unicode: unicode).paint(model, columns: columns, rows: rows, videoAvailable: video,
                                                selfViewAvailable: true, chatDraft: draft)
    }

    @Test func namesStatusAndIconsAreDrawn() {
        let picture = paint(Self.model())
        let text = picture.canvas.text
        #expect(text.contains("◉ Alice ● mic ● cam"))
        #expect(text.contains("Bob ✕ mic ✕ cam"))
        let status = picture.canvas.text(ofRow: 39)
        #expect(status.contains("connected │ rtt 42 ms │ loss 0.3% │ ↓1200 ↑800 kbps │ 30 fps │ ● mic │ ● cam"))
        #expect(picture.canvas[1, 39].style == .statusGood)
        #expect(picture.canvas.text(ofRow: 0).contains("room r1"))
    }

    @Test func theMicIconFollowsTheModel() {
        var model = Self.model()
        model.micOn = false
        let status = paint(model).canvas.text(ofRow: 39)
        #expect(status.contains("✕ mic │ ● cam"))
    }

    @Test func anUncheckedCertificateStaysOnTheStatusLine() {
        var model = Self.model()
        #expect(!paint(model).canvas.text(ofRow: 39).contains("INSECURE"))
        model.status.insecure = true
        let picture = paint(model)
        #expect(picture.canvas.text(ofRow: 39).contains("connected │ INSECURE (certificate not checked) │ rtt 42 ms"))
        let row = picture.canvas.text(ofRow: 39)
        let column = row.range(of: "INSECURE").map { row.distance(from: row.startIndex, to: $0.lowerBound) }
        #expect(column.map { picture.canvas[$0, 39].style } == .statusBad)
    }

    @Test func aRelayedCallSaysSoOnTheStatusLine() {
        var model = Self.model()
        #expect(!paint(model).canvas.text(ofRow: 39).contains("TURN"))
        model.status.relayed = true
        #expect(paint(model).canvas.text(ofRow: 39).contains("connected │ via TURN │ rtt 42 ms"))
    }

    @Test func aTileWithoutVideoGetsANameCardAndNoVideoRegion() {
        let picture = paint(Self.model())
        #expect(picture.video.map(\.id).sorted() == [VideoRegion.selfViewID, "a"])
        let bob = picture.layout.tiles[1].insetBy(1)
        let cardText = (bob.row..<bob.endRow).map { row in
            String(String.UnicodeScalarView((bob.column..<bob.endColumn).map { picture.canvas[$0, row].character }))
        }.joined(separator: "\n")
        #expect(cardText.contains("Bob") && cardText.contains("camera off"))
        // A tile whose video has not arrived yet also shows its card.
        let waiting = paint(Self.model(), video: [])
        #expect(waiting.video.map(\.id) == [VideoRegion.selfViewID])
    }

    @Test func videoAreasAreBlankInTheCanvas() {
        let picture = paint(Self.model())
        let region = picture.video.first { $0.id == "a" }!
        for row in region.rect.row..<region.rect.endRow {
            for column in region.rect.column..<region.rect.endColumn {
                #expect(picture.canvas[column, row] == ChromeCanvas.Cell())
            }
        }
    }

    @Test func overlaysCutHolesIntoTheVideoRegions() {
        var model = Self.model()
        model.showHelp = true
        let picture = paint(model)
        #expect(picture.canvas.text.contains("q  leave the call"))
        let help = try! #require(picture.overlays.last)
        for region in picture.video {
            for part in region.visibleParts { #expect(!part.intersects(help)) }
        }
        let alice = picture.video.first { $0.id == "a" }!
        if alice.rect.intersects(help) {
            let visible = alice.visibleParts.reduce(0) { $0 + $1.width * $1.height }
            #expect(visible == alice.rect.width * alice.rect.height - alice.rect.intersection(help).width * alice.rect.intersection(help).height)
        }
        model.showHelp = false
        model.showStats = true
        model.statsLines = ["jitter 3 ms"]
        let stats = paint(model)
        #expect(stats.canvas.text.contains("Statistics") && stats.canvas.text.contains("jitter 3 ms"))
    }

    @Test func panelsShowParticipantsAndChatWithTheDraft() {
        var model = Self.model()
        model.showParticipants = true
        model.showChat = true
        let text = paint(model, draft: "typing").canvas.text
        #expect(text.contains("Participants (3)"))
        #expect(text.contains("Me (you)"))
        #expect(text.contains("10:00 Alice: hello"))
        #expect(text.contains("> typing"))
    }

    @Test func asciiModeUsesOnlyASCII() {
        var model = Self.model()
        model.showHelp = true
        model.showParticipants = true
        model.selfName = "Zoë 🎉"
        model.notice = "No camera: joined audio-only"
        let picture = paint(model, unicode: false)
        #expect(picture.canvas.cells.allSatisfy { $0.character.isASCII })
        #expect(picture.canvas.text.contains("+mic") && picture.canvas.text.contains("-cam"))
        #expect(picture.canvas.text(ofRow: 0).hasPrefix(" ! No camera: joined audio-only"))
    }

    @Test func wideCharactersInNamesDoNotShiftColumns() {
        var model = Self.model()
        model.tiles[0].name = "李小龙🎉"
        let picture = paint(model)
        #expect(picture.canvas.text.contains("???? ● mic"))
    }

    @Test(arguments: [(20, 5), (0, 0), (1, 1), (5, 2), (30, 8)])
    func tinyTerminalsDoNotCrash(columns: Int, rows: Int) {
        var model = Self.model()
        model.showHelp = true
        model.showStats = true
        model.showChat = true
        model.showParticipants = true
        model.notice = "Reconnecting in 2 s…"
        model.statsLines = ["a", "b"]
        let picture = paint(model, columns: columns, rows: rows)
        #expect(picture.canvas.columns == max(0, columns))
        for region in picture.video {
            #expect(region.rect.endColumn <= columns && region.rect.endRow <= rows)
        }
    }

    @Test func numbersAreFormattedWithoutTheLocale() {
        #expect(CallViewPainter.format(0.25, digits: 1) == "0.3")
        #expect(CallViewPainter.format(1234.4, digits: 0) == "1234")
        #expect(CallViewPainter.format(-1.05, digits: 2) == "-1.05")
        #expect(CallViewPainter.format(.nan, digits: 1) == "-")
        #expect(CallViewPainter.wrap("aaa bbb ccc", width: 7) == ["aaa bbb", "ccc"])
        #expect(CallViewPainter.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func viewIntentsChangeOnlyTheView() {
        var model = Self.model()
        let chat = model.applyViewIntent(.toggleChat)
        #expect(chat && model.showChat)
        let renderer = model.applyViewIntent(.cycleRenderer)
        #expect(renderer && model.blitter == .quadrant)
        let mic = model.applyViewIntent(.toggleMic)
        #expect(!mic && model.micOn)
        let send = model.applyViewIntent(.sendChat("x"))
        #expect(!send)
    }
}
