import Foundation
import KaamosServer
import NIOConcurrencyHelpers
import KaamosWire

/// A media router that records what the server asked of it and answers offers with a canned SDP.
final class FakeMediaRouter: MediaRouting {
    enum Call: Equatable {
        case add(roomID: String, participantID: String)
        case offer(participantID: String, sdp: String)
        case answer(participantID: String, sdp: String)
        case candidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?)
        case remove(participantID: String)
        case forwarding(participantID: String, audio: Bool, video: Bool)
    }

    struct BadSDP: Error, CustomStringConvertible {
        var description: String { "The offer has no media sections." }
    }

    static let cannedAnswer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=fake answer\r\n"

    private let state = NIOLockedValueBox<(calls: [Call], signals: [String: @Sendable (MediaSignal) -> Void])>(([], [:]))
    /// Signals the router sends from inside `handleOffer`, before it returns the answer.
    let signalsDuringOffer = NIOLockedValueBox<[MediaSignal]>([])
    let statisticsByParticipant = NIOLockedValueBox<[String: MediaStatistics]>([:])
    let currentCounters = NIOLockedValueBox(MediaCounters())

    var calls: [Call] { state.withLockedValue { $0.calls } }

    /// Sends a signal to a participant as the SFU would when tracks change.
    func signal(_ signal: MediaSignal, to participantID: String) {
        let send = state.withLockedValue { $0.signals[participantID] }
        send?(signal)
    }

    func addParticipant(roomID: String, participantID: String, signal: @escaping @Sendable (MediaSignal) -> Void) {
        state.withLockedValue {
            $0.calls.append(.add(roomID: roomID, participantID: participantID))
            $0.signals[participantID] = signal
        }
    }

    func handleOffer(participantID: String, sdp: String) throws -> String {
        state.withLockedValue { $0.calls.append(.offer(participantID: participantID, sdp: sdp)) }
        guard sdp.hasPrefix("v=0") else { throw BadSDP() }
        for signal in signalsDuringOffer.withLockedValue({ $0 }) { self.signal(signal, to: participantID) }
        return Self.cannedAnswer
    }

    func handleAnswer(participantID: String, sdp: String) throws {
        state.withLockedValue { $0.calls.append(.answer(participantID: participantID, sdp: sdp)) }
    }

    func handleCandidate(participantID: String, candidate: String, sdpMid: String?, sdpMLineIndex: Int?) throws {
        state.withLockedValue {
            $0.calls.append(.candidate(participantID: participantID, candidate: candidate, sdpMid: sdpMid, sdpMLineIndex: sdpMLineIndex))
        }
    }

    func removeParticipant(participantID: String) {
        state.withLockedValue {
            $0.calls.append(.remove(participantID: participantID))
            $0.signals[participantID] = nil
        }
    }

    func setForwarding(participantID: String, audio: Bool, video: Bool) {
        state.withLockedValue { $0.calls.append(.forwarding(participantID: participantID, audio: audio, video: video)) }
    }

    func statistics(participantID: String) -> MediaStatistics? {
        statisticsByParticipant.withLockedValue { $0[participantID] }
    }

    var counters: MediaCounters { currentCounters.withLockedValue { $0 } }
}
