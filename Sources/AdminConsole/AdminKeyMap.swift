/// Keys to intents. In lists: j/k and arrows move, Enter opens, Esc goes back, q quits, / filters,
/// space marks, ? helps, Ctrl-C quits from anywhere, K kicks, a and V toggle the mute of audio and video, x closes, n creates,
/// J joins. `k` moves up (the vi convention the lists follow), so kick is the capital K.
public enum AdminKeyMap {
    public enum Mode: Sendable, Equatable {
        case list
        /// Typing a filter or a confirmation text.
        case text
        /// A yes/no question: y confirms, anything else cancels.
        case yesNo
    }

    public static func intent(for key: AdminKey, mode: Mode) -> AdminIntent? {
        if key == .interrupt { return .interrupt }
        switch mode {
        case .yesNo:
            switch key {
            case .character("y"), .character("Y"): return .submit
            case .resize: return nil
            default: return .cancel
            }
        case .text:
            switch key {
            case .enter: return .submit
            case .escape: return .cancel
            case .backspace: return .deleteBackward
            case let .character(character) where !character.isNewline: return .type(character)
            default: return nil
            }
        case .list:
            switch key {
            case .up, .character("k"): return .up
            case .down, .character("j"): return .down
            case .pageUp: return .pageUp
            case .pageDown: return .pageDown
            case .home, .character("g"): return .top
            case .end, .character("G"): return .bottom
            case .enter, .right, .character("l"): return .open
            case .escape, .left, .character("h"): return .back
            case .character("q"): return .quit
            case .character("?"): return .help
            case .character(" "): return .toggleMark
            case .character("/"): return .startFilter
            case .character("K"): return .kick
            case .character("a"), .character("A"): return .toggleAudio
            case .character("V"): return .toggleVideo
            case .character("x"): return .close
            case .character("n"): return .create
            case .character("J"): return .join
            default: return nil
            }
        }
    }
}
