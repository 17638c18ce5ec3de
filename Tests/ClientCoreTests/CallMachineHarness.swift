import KaamosWire
import Foundation
import RTC
import RTCBase
@testable import ClientCore

/// A call machine on a virtual clock: tests feed it events at `now`, move `now` by hand and read
/// the actions back. The log lines are kept apart so the actions can be compared exactly.
struct CallMachineHarness {
    static let signalingURL = "ws://kaamos.test/ws/room1"
    /// 12:34 UTC on the first day of 1970, with the zone at UTC: chat lines say "12:34".
    static let chatClock = ChatClock(wallSecondsAtStart: 12 * 3600 + 34 * 60, utcOffsetSeconds: 0, startedAt: .zero)

    var machine: CallMachine
    var now = Instant.zero
    private(set) var log: [String] = []

    init(relayOnly: Bool = false, reconnectAttempts: Int = 8, startupNotices: [String] = []) {
        let configuration = CallMachine.Configuration(
            roomID: "room1", userID: "u1", name: "alice", serverURL: "http://kaamos.test", signalingURL: Self.signalingURL,
            relayOnly: relayOnly, reconnectAttempts: reconnectAttempts, startupNotices: startupNotices,
            chatClock: Self.chatClock)
        machine = CallMachine(configuration: configuration, startedAt: .zero)
        keepLog(machine.takeActions())
    }

    var state: CallState { machine.state }

    /// Feeds one event at `now`; the actions it produced, without the log lines.
    @discardableResult
    mutating func handle(_ event: CallMachineEvent) -> [CallAction] {
        machine.handle(event, now: now)
        return keepLog(machine.takeActions())
    }

    /// Moves the clock and feeds `.timeout`.
    @discardableResult
    mutating func advance(by duration: Duration) -> [CallAction] {
        now = now + duration
        return handle(.timeout)
    }

    /// Moves the clock to the machine's deadline and feeds `.timeout` there.
    @discardableResult
    mutating func fireDeadline() -> [CallAction] {
        guard let deadline = machine.nextDeadline else { return [] }
        now = deadline
        return handle(.timeout)
    }

    /// The log lines since the last call.
    mutating func takeLog() -> [String] {
        defer { log.removeAll() }
        return log
    }

    @discardableResult
    private mutating func keepLog(_ actions: [CallAction]) -> [CallAction] {
        actions.filter { action in
            guard case let .log(line) = action else { return true }
            log.append(line)
            return false
        }
    }

    // MARK: Getting a call to a point

    /// Start, the room found, both sources open, the socket open and the offer sent.
    mutating func joinAndOffer(audio: Bool = true, video: Bool = true) {
        handle(.start)
        handle(.roomChecked(nil))
        handle(.sourcesOpened(audio: audio, video: video, notices: []))
        handle(.signaling(.opened))
        handle(.offerCreated(sdp: "offer"))
    }

    /// Joined and with media connected, the others as given.
    mutating func joinAndConnect(participants: [ParticipantSummary] = []) {
        joinAndOffer()
        handle(.signaling(.message(.joined(participantID: "p1", participants: participants, iceServers: []))))
        handle(.iceServersResolved(IceServerResolution([])))
        handle(.connectionStateChanged(.connected))
    }

    static func candidate(_ number: Int) -> IceCandidateInit {
        IceCandidateInit(candidate: "candidate:\(number) 1 udp 2130706431 192.0.2.1 \(50000 + number) typ host",
                         sdpMid: "0", sdpMLineIndex: 0)
    }

    static func iceServers(_ json: String) throws -> [ICEServer] {
        try JSONDecoder().decode([ICEServer].self, from: Data(json.utf8))
    }
}

extension Instant {
    /// Seconds from the virtual clock's origin, which is the call's start.
    static func seconds(_ value: Int64) -> Instant { .milliseconds(value * 1000) }
}
