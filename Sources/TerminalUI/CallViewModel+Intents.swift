extension CallViewModel {
    /// Applies the intents that only change what the view shows (panels, overlays, renderer) and
    /// returns true; returns false for those the call itself must act on (mic, camera, chat
    /// messages, leaving), which the caller handles and then reflects in the model.
    @discardableResult
    public mutating func applyViewIntent(_ intent: CallIntent, unicode: Bool = true) -> Bool {
        switch intent {
        case .toggleChat: showChat.toggle()
        case .toggleParticipants: showParticipants.toggle()
        case .toggleStats: showStats.toggle()
        case .toggleHelp: showHelp.toggle()
        case .cycleRenderer: blitter = RendererChoice.next(after: blitter, unicode: unicode)
        case .resized: break
        case .toggleMic, .toggleCamera, .leave, .sendChat: return false
        }
        return true
    }
}
