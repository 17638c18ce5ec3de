import Testing
@testable import TerminalUI

@Suite struct CallKeyMapTests {
    @Test func commandKeys() {
        let expected: [(Unicode.Scalar, CallIntent)] = [("m", .toggleMic), ("v", .toggleCamera), ("r", .cycleRenderer),
                                                        ("p", .toggleParticipants), ("s", .toggleStats), ("?", .toggleHelp),
                                                        ("q", .leave), ("\u{03}", .leave)]
        for (key, intent) in expected {
            var map = CallKeyMap()
            #expect(map.intent(for: .character(key)) == intent, "key \(key)")
        }
        var map = CallKeyMap()
        #expect(map.intent(for: .character("x")) == nil)
        #expect(map.intent(for: .resize) == .resized)
        #expect(map.intent(for: .other(265)) == nil)
    }

    @Test func chatModeTypesSendsAndCloses() {
        var map = CallKeyMap()
        #expect(map.intent(for: .character("c")) == .toggleChat)
        #expect(map.chatOpen)
        for key in "hi mq?".unicodeScalars { #expect(map.intent(for: .character(key)) == nil) }
        #expect(map.draft == "hi mq?")
        #expect(map.intent(for: .backspace) == nil)
        #expect(map.intent(for: .character("\u{7F}")) == nil)
        #expect(map.draft == "hi m")
        #expect(map.intent(for: .character("\r")) == .sendChat("hi m"))
        #expect(map.draft == "")
        #expect(map.intent(for: .enter) == nil, "an empty message is not sent")
        #expect(map.intent(for: .resize) == .resized)
        #expect(map.intent(for: .character("\u{1B}")) == .toggleChat)
        #expect(!map.chatOpen)
        #expect(map.intent(for: .character("m")) == .toggleMic)
    }

    @Test func controlCharactersAreNotTypedAndCtrlCStillLeaves() {
        var map = CallKeyMap(chatOpen: true)
        _ = map.intent(for: .character("\u{01}"))
        _ = map.intent(for: .character("a"))
        #expect(map.draft == "a")
        #expect(map.intent(for: .character("\u{03}")) == .leave)
        #expect(map.intent(for: .character(" ")) == nil)
        #expect(map.intent(for: .enter) == .sendChat("a"), "surrounding spaces are trimmed")
    }

    @Test func rendererCycleAndNames() {
        var blitter = RendererChoice.cycle[0]
        var seen: [String] = []
        for _ in 0..<5 {
            seen.append(RendererChoice.name(of: blitter))
            blitter = RendererChoice.next(after: blitter)
        }
        #expect(seen == ["half", "quadrant", "sextant", "braille", "ascii"])
        #expect(blitter == .halfBlock)
        #expect(RendererChoice.next(after: .halfBlock, unicode: false) == .ascii)
        for name in seen { #expect(RendererChoice.blitter(named: name).map(RendererChoice.name(of:)) == name) }
        #expect(RendererChoice.colorMode(named: "256") == .palette256)
        #expect(RendererChoice.colorMode(named: "auto") == nil)
    }
}
