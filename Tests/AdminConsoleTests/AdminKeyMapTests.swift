import AdminConsole
import Testing

@Suite struct AdminKeyMapTests {
    @Test func listKeys() {
        let expected: [(AdminKey, AdminIntent)] = [
            (.character("j"), .down), (.down, .down), (.character("k"), .up), (.up, .up), (.enter, .open),
            (.escape, .back), (.character("q"), .quit), (.character("/"), .startFilter), (.character(" "), .toggleMark),
            (.character("?"), .help), (.character("K"), .kick), (.character("a"), .toggleAudio), (.character("V"), .toggleVideo),
            (.character("x"), .close), (.character("n"), .create), (.character("J"), .join), (.interrupt, .interrupt),
        ]
        for (key, intent) in expected {
            #expect(AdminKeyMap.intent(for: key, mode: .list) == intent, "\(key)")
        }
        #expect(AdminKeyMap.intent(for: .character("z"), mode: .list) == nil)
    }

    @Test func textAndYesNoKeys() {
        #expect(AdminKeyMap.intent(for: .character("q"), mode: .text) == .type("q"))
        #expect(AdminKeyMap.intent(for: .character("k"), mode: .text) == .type("k"))
        #expect(AdminKeyMap.intent(for: .enter, mode: .text) == .submit)
        #expect(AdminKeyMap.intent(for: .escape, mode: .text) == .cancel)
        #expect(AdminKeyMap.intent(for: .backspace, mode: .text) == .deleteBackward)
        #expect(AdminKeyMap.intent(for: .character("y"), mode: .yesNo) == .submit)
        #expect(AdminKeyMap.intent(for: .character("n"), mode: .yesNo) == .cancel)
        #expect(AdminKeyMap.intent(for: .enter, mode: .yesNo) == .cancel)
        #expect(AdminKeyMap.intent(for: .interrupt, mode: .text) == .interrupt)
    }
}
