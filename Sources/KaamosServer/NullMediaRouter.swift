import KaamosWire
/// The router a server runs with before it has a media engine: signaling works, media does not.
public struct NullMediaRouter: MediaRouting {
    /// Why every offer is refused.
    public struct Unavailable: Error, CustomStringConvertible, Equatable {
        public var description: String { "media is not available on this server" }
    }

    public init() {}

    public func addParticipant(roomID: String, participantID: String, signal: @escaping @Sendable (MediaSignal) -> Void) {}

    public func handleOffer(participantID: String, sdp: String) throws -> String {
        throw Unavailable()
    }

    public func handleAnswer(participantID: String, sdp: String) throws {
        throw Unavailable()
    }

    /// Candidates are dropped quietly: without media they mean nothing, and answering each one with
    /// an error would only flood the client.
    public func handleCandidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?) throws {}

    public func removeParticipant(participantID: String) {}

    public func setForwarding(participantID: String, audio: Bool, video: Bool) {}

    public func statistics(participantID: String) -> MediaStatistics? { nil }

    public var counters: MediaCounters { MediaCounters() }
}
