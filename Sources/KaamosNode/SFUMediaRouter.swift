import KaamosServer
import KaamosSFU
import RTC
import RTCBase
import KaamosWire

/// The SFU behind the server's media interface: what `kaamos-server` (and `kaamos-tui demo`) plug
/// into the room hub.
public final class SFUMediaRouter: MediaRouting {
    public let media: MediaServer

    /// - Parameters:
    ///   - addresses: IPs to receive media on; nil takes every usable interface.
    ///   - port: one UDP port for all of them; 0 lets the system choose.
    ///   - onEvent: connection states and failures of the legs, for the log.
    public init(addresses: [TransportAddress.IP]? = nil, port: UInt16 = 0,
                onEvent: @escaping @Sendable (SFUEvent) -> Void = { _ in }) throws {
        media = try MediaServer(addresses: addresses, port: port, onEvent: onEvent)
    }

    public func addParticipant(roomID: String, participantID: String, signal: @escaping @Sendable (MediaSignal) -> Void) {
        // Only a duplicate id can fail here, and the hub never reuses one.
        try? media.addParticipant(roomID: roomID, participantID: participantID) { sfuSignal in
            switch sfuSignal {
            case let .offer(sdp):
                signal(.offer(sdp: sdp))
            case let .candidate(candidate):
                signal(.candidate(candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex))
            }
        }
    }

    public func handleOffer(participantID: String, sdp: String) throws -> String {
        try media.handleOffer(participantID: participantID, sdp: sdp)
    }

    public func handleAnswer(participantID: String, sdp: String) throws {
        try media.handleAnswer(participantID: participantID, sdp: sdp)
    }

    public func handleCandidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?) throws {
        try media.handleCandidate(participantID: participantID,
                                  candidate: IceCandidateInit(candidate: candidate, sdpMid: sdpMid, sdpMLineIndex: sdpMLineIndex))
    }

    public func removeParticipant(participantID: String) {
        media.removeParticipant(participantID: participantID)
    }

    public func setForwarding(participantID: String, audio: Bool, video: Bool) {
        media.setForwarding(participantID: participantID, audio: audio, video: video)
    }

    public func statistics(participantID: String) -> MediaStatistics? {
        media.statistics(participantID: participantID)
    }

    public var counters: MediaCounters {
        let counters = media.counters
        return MediaCounters(forwardedPackets: counters.forwardedPackets, forwardedBytes: counters.forwardedBytes)
    }
}
