import Foundation
import RTCBase

/// What the user asks for: the microphone, the camera, a chat line, leaving.
extension CallMachine {
    mutating func setMicrophone(_ on: Bool) {
        state.micOn = on
        if peer != .none { perform(.setAudioEnabled(on)) }
        if stage == .inCall { perform(.send(mediaState)) }
    }

    mutating func setCamera(_ on: Bool) {
        state.cameraOn = on
        if peer != .none { perform(.setVideoEnabled(on)) }
        if stage == .inCall { perform(.send(mediaState)) }
    }

    /// Shows the line at once; the server gets at most 2000 characters of it.
    mutating func sendChat(_ text: String, now: Instant) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        state.chat.append(CallState.ChatLine(from: configuration.name, text: trimmed, time: configuration.chatClock.label(at: now)))
        if stage == .inCall { perform(.send(.chat(text: String(trimmed.prefix(2000))))) }
    }

    /// Sends `leave` and closes the socket once it is written, waiting at most
    /// `leaveFlushTimeout`; with no socket open the call ends at once.
    mutating func leave(now: Instant) {
        switch stage {
        case .inCall:
            perform(.send(.leave))
            perform(.closeSignaling(afterFlushing: true))
            stage = .leaving(closeBy: now + configuration.leaveFlushTimeout)
        case .leaving, .ended:
            break
        default:
            finish(.left)
        }
    }
}
