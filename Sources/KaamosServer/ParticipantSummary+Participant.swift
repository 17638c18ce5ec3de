import KaamosWire

extension ParticipantSummary {
    /// How the others see this participant.
    init(_ participant: Participant) {
        self.init(id: participant.id, name: participant.name, audio: participant.audio, video: participant.video)
    }
}
