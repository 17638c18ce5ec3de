/// What a key press asks the call to do. The screen only reports intents; the caller changes the
/// model (or the call) and renders again.
public enum CallIntent: Sendable, Equatable {
    case toggleMic
    case toggleCamera
    case cycleRenderer
    case toggleChat
    case toggleParticipants
    case toggleStats
    case toggleHelp
    case leave
    /// A chat message typed into the chat panel (never empty).
    case sendChat(String)
    /// The terminal changed size; the screen has re-laid itself out, the caller should render.
    case resized
}
