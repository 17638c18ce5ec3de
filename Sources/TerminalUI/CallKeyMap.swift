/// Turns keys into intents. Outside chat every key is a command (m, v, r, c, p, s, ?, q); while the
/// chat panel is open, keys type a message instead: Enter sends it, Backspace edits, Esc closes
/// the panel. Ctrl-C leaves and a resize is reported in both modes.
public struct CallKeyMap: Sendable, Equatable {
    /// Whether keys go to the chat draft. The screen sets it from the model it last drew and flips
    /// it itself when it reports `.toggleChat`, so keys typed right after `c` already count.
    public var chatOpen = false
    /// The message being typed.
    public private(set) var draft = ""

    /// The longest message accepted; longer typing is ignored.
    public static let maximumDraftLength = 500

    public init(chatOpen: Bool = false) {
        self.chatOpen = chatOpen
    }

    public mutating func intent(for key: KeyInput) -> CallIntent? {
        switch key {
        case .resize:
            return .resized
        case .character("\u{03}"):
            return .leave
        default:
            break
        }
        return chatOpen ? chatIntent(for: key) : commandIntent(for: key)
    }

    private mutating func commandIntent(for key: KeyInput) -> CallIntent? {
        guard case .character(let character) = key else { return nil }
        switch character {
        case "m", "M": return .toggleMic
        case "v", "V": return .toggleCamera
        case "r", "R": return .cycleRenderer
        case "c", "C":
            chatOpen = true
            return .toggleChat
        case "p", "P": return .toggleParticipants
        case "s", "S": return .toggleStats
        case "?", "h", "H": return .toggleHelp
        case "q", "Q": return .leave
        default: return nil
        }
    }

    private mutating func chatIntent(for key: KeyInput) -> CallIntent? {
        switch key {
        case .character("\u{1B}"):
            chatOpen = false
            return .toggleChat
        case .enter, .character("\n"), .character("\r"):
            let message = draft.trimmingSpaces
            draft = ""
            return message.isEmpty ? nil : .sendChat(message)
        case .backspace, .character("\u{7F}"), .character("\u{08}"):
            if !draft.isEmpty { draft.removeLast() }
            return nil
        case .character("\u{15}"):  // Ctrl-U clears the line, as in a shell.
            draft = ""
            return nil
        case .character(let character):
            if character.value >= 0x20, character.value != 0x7F, draft.count < Self.maximumDraftLength {
                draft.unicodeScalars.append(character)
            }
            return nil
        case .resize, .other:
            return nil
        }
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
