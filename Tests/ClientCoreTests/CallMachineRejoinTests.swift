import KaamosWire
import RTC
import RTCBase
import Testing
@testable import ClientCore

/// Losing the server or the media and rejoining: backoff, the countdown on screen, giving up,
/// and a first attempt that never opens.
@Suite struct CallMachineRejoinTests {
    typealias Harness = CallMachineHarness

    static let refused = "cannot connect to ws://kaamos.test/ws/room1: connection refused"

    @Test func aLostServerIsRejoinedAfterACountdown() {
        var call = Harness()
        call.joinAndConnect()
        call.now = .seconds(10)
        _ = call.takeLog()
        #expect(call.handle(.signaling(.closed(reason: "the server closed the connection"))) == [
            .closePeer, .closeSignaling(afterFlushing: false),
        ])
        #expect(call.takeLog() == ["signaling closed: the server closed the connection",
                                   "notice: Connection lost (the server closed the connection); rejoining in 1 s…"])
        #expect(call.state.phase == .reconnecting(attempt: 1, inSeconds: 1))
        #expect(call.state.notices == ["Connection lost (the server closed the connection); rejoining in 1 s…"])
        #expect(call.machine.nextDeadline == .seconds(11))
        // The socket's stream ending after its `.closed` changes nothing.
        #expect(call.handle(.signalingEnded) == [])
        // Nor do events of the peer connection that was closed.
        #expect(call.handle(.connectionStateChanged(.failed)) == [])
        #expect(call.advance(by: .milliseconds(999)) == [])

        #expect(call.fireDeadline() == [.openSignaling])
        // Until media connects again the phase and the notice stay.
        #expect(call.state.phase == .reconnecting(attempt: 1, inSeconds: 1))
        #expect(call.machine.nextDeadline == nil)
        #expect(call.handle(.signaling(.opened)) == [
            .send(.join(roomID: "room1", userID: "u1", name: "alice")),
            .createPeerAndOffer(audioEnabled: true, videoEnabled: true),
        ])
        call.handle(.offerCreated(sdp: "offer 2"))
        call.handle(.connectionStateChanged(.connected))
        #expect(call.state.phase == .connected)
        #expect(call.state.notices.isEmpty)
    }

    @Test func theBackoffDoublesToSixteenSecondsAndCountsDownEachSecond() {
        var call = Harness(reconnectAttempts: 8)
        call.joinAndConnect()
        call.handle(.signaling(.closed(reason: "lost")))
        var delays: [Int] = []
        for attempt in 1...8 {
            let start = call.now
            var shown: [Int] = []
            while case let .reconnecting(current, seconds) = call.state.phase, call.machine.stage != .connecting {
                #expect(current == attempt)
                shown.append(seconds)
                #expect(call.state.notices.last == "Connection lost (\(attempt == 1 ? "lost" : Self.refused)); rejoining in \(seconds) s…")
                call.fireDeadline()
            }
            #expect(shown == Array((1...shown.count).reversed()), "attempt \(attempt): \(shown)")
            delays.append(Int((call.now - start).milliseconds / 1000))
            // The rejoin's socket does not open either.
            if attempt < 8 {
                #expect(call.handle(.signaling(.closed(reason: Self.refused))) == [.closeSignaling(afterFlushing: false)])
            }
        }
        #expect(delays == [1, 2, 4, 8, 16, 16, 16, 16])
        #expect(call.handle(.signaling(.closed(reason: Self.refused))) == [
            .closeSignaling(afterFlushing: false),
            .finish(.failed("\(Self.refused); gave up after 8 attempts to rejoin")),
        ])
    }

    @Test func givingUpSaysWhyAndAfterHowManyAttempts() {
        var call = Harness(reconnectAttempts: 2)
        call.joinAndConnect()
        call.handle(.signaling(.closed(reason: "the server closed the connection")))
        #expect(call.fireDeadline() == [.openSignaling])
        call.handle(.signaling(.closed(reason: Self.refused)))
        #expect(call.state.phase == .reconnecting(attempt: 2, inSeconds: 2))
        #expect(call.fireDeadline() == [])
        #expect(call.state.phase == .reconnecting(attempt: 2, inSeconds: 1))
        #expect(call.state.notices == ["Connection lost (\(Self.refused)); rejoining in 1 s…"])
        #expect(call.fireDeadline() == [.openSignaling])
        _ = call.takeLog()
        #expect(call.handle(.signalingEnded) == [
            .closeSignaling(afterFlushing: false),
            .finish(.failed("cannot open the signaling connection to ws://kaamos.test/ws/room1; gave up after 2 attempts to rejoin")),
        ])
        #expect(call.takeLog() == [
            "ended: The call failed: cannot open the signaling connection to ws://kaamos.test/ws/room1; gave up after 2 attempts to rejoin (exit status 1)",
        ])
    }

    @Test func withNoAttemptsTheFirstDropEndsTheCall() {
        var call = Harness(reconnectAttempts: 0)
        call.joinAndConnect()
        #expect(call.handle(.signalingEnded) == [
            .closePeer, .closeSignaling(afterFlushing: false),
            .finish(.failed("the signaling connection ended (rejoining is off)")),
        ])
    }

    @Test func aFailedMediaConnectionRejoins() {
        var call = Harness()
        call.joinAndConnect()
        call.now = .seconds(3)
        #expect(call.handle(.connectionStateChanged(.failed)) == [.closePeer, .closeSignaling(afterFlushing: false)])
        #expect(call.state.phase == .reconnecting(attempt: 1, inSeconds: 1))
        #expect(call.state.notices == ["Connection lost (the media connection failed); rejoining in 1 s…"])
        // The socket closed for the rejoin reports it; that is no second drop.
        #expect(call.handle(.signaling(.closed(reason: "cancelled"))) == [])
        #expect(call.state.phase == .reconnecting(attempt: 1, inSeconds: 1))
        #expect(call.fireDeadline() == [.openSignaling])
        #expect(call.now == .seconds(4))
    }

    @Test func aFirstAttemptThatCannotOpenEndsAsUnreachable() {
        var call = Harness()
        call.handle(.start)
        call.handle(.roomChecked(nil))
        call.handle(.sourcesOpened(audio: true, video: true, notices: []))
        #expect(call.handle(.signaling(.closed(reason: Self.refused))) == [
            .closeSignaling(afterFlushing: false),
            .finish(.serverUnreachable("Cannot reach the server: \(Self.refused).")),
        ])
        #expect(call.state.phase == .ended(.serverUnreachable("Cannot reach the server: \(Self.refused).")))

        var silent = Harness()
        silent.handle(.start)
        silent.handle(.roomChecked(nil))
        silent.handle(.sourcesOpened(audio: true, video: true, notices: []))
        #expect(silent.handle(.signalingEnded) == [
            .closeSignaling(afterFlushing: false),
            .finish(.serverUnreachable("Cannot reach the server: cannot open the signaling connection to ws://kaamos.test/ws/room1.")),
        ])
    }

    @Test func candidatesOfTheNextAttemptWaitForItsOwnOffer() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(.signaling(.closed(reason: "lost")))
        call.fireDeadline()
        call.handle(.signaling(.opened))
        #expect(call.handle(.localCandidate(Harness.candidate(7))) == [])
        #expect(call.handle(.offerCreated(sdp: "offer 2")).prefix(2) == [
            .send(.offer(sdp: "offer 2", roomID: "room1")), .send(.iceCandidate(Harness.candidate(7))),
        ])
    }
}
