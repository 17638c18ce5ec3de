import KaamosWire
import RTC
import RTCBase
import Testing
@testable import ClientCore

/// Leaving: `leave` goes out, the socket closes once it is written (or at a deadline), and the
/// call ends as left from wherever it was.
@Suite struct CallMachineLeaveTests {
    typealias Harness = CallMachineHarness

    @Test func leaveSendsLeaveAndClosesTheSocketOnceItIsWritten() {
        var call = Harness()
        call.joinAndConnect(participants: [ParticipantSummary(id: "p2", name: "bob")])
        call.now = .seconds(20)
        #expect(call.handle(.leave) == [.send(.leave), .closeSignaling(afterFlushing: true)])
        #expect(call.machine.nextDeadline == .seconds(21))
        // Leaving, nothing else is done: no second leave, no chat, no rejoin.
        #expect(call.handle(.leave) == [])
        #expect(call.handle(.sendChat("bye")) == [])
        #expect(call.handle(.connectionStateChanged(.failed)) == [])
        #expect(call.handle(.signaling(.message(.participantLeft(participantID: "p2")))) == [])
        #expect(call.state.phase == .connected)

        call.now = .milliseconds(20_040)
        _ = call.takeLog()
        #expect(call.handle(.signaling(.closed(reason: "the server closed the connection (normalClosure)"))) == [
            .closePeer, .closeSignaling(afterFlushing: false), .finish(.left),
        ])
        #expect(call.state.phase == .ended(.left))
        #expect(call.takeLog() == ["signaling closed: the server closed the connection (normalClosure)",
                                   "ended: You left the call. (exit status 0)"])
        #expect(call.machine.nextDeadline == nil)
    }

    @Test func aLeaveThatIsNotWrittenInTimeClosesAnyway() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(.leave)
        #expect(call.advance(by: .milliseconds(999)) == [])
        #expect(call.advance(by: .milliseconds(1)) == [.closePeer, .closeSignaling(afterFlushing: false), .finish(.left)])
    }

    @Test func aStreamThatEndsWhileLeavingEndsTheCall() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(.leave)
        #expect(call.handle(.signalingEnded) == [.closePeer, .closeSignaling(afterFlushing: false), .finish(.left)])
    }

    @Test func leavingWhileWaitingToRejoinEndsAtOnce() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(.signaling(.closed(reason: "lost")))
        call.advance(by: .milliseconds(500))
        #expect(call.handle(.leave) == [.finish(.left)])
        #expect(call.state.phase == .ended(.left))
        #expect(call.machine.nextDeadline == nil)
        #expect(call.fireDeadline() == [])
    }

    @Test func leavingBeforeTheSocketIsOpenEndsAtOnce() {
        var checking = Harness()
        checking.handle(.start)
        #expect(checking.handle(.leave) == [.finish(.left)])
        // The answer of the room check comes after the end and changes nothing.
        #expect(checking.handle(.roomChecked(nil)) == [])

        var connecting = Harness()
        connecting.handle(.start)
        connecting.handle(.roomChecked(nil))
        connecting.handle(.sourcesOpened(audio: true, video: true, notices: []))
        #expect(connecting.handle(.leave) == [.closeSignaling(afterFlushing: false), .finish(.left)])
        #expect(connecting.handle(.signaling(.opened)) == [])

        var idle = Harness()
        #expect(idle.handle(.leave) == [.finish(.left)])
        #expect(idle.handle(.start) == [])
    }

    @Test func leavingWhileTheOfferIsMadeClosesThePeerToo() {
        var call = Harness()
        call.handle(.start)
        call.handle(.roomChecked(nil))
        call.handle(.sourcesOpened(audio: true, video: true, notices: []))
        call.handle(.signaling(.opened))
        call.handle(.localCandidate(Harness.candidate(1)))
        #expect(call.handle(.leave) == [.send(.leave), .closeSignaling(afterFlushing: true)])
        // The offer made meanwhile is not sent, nor its candidates.
        #expect(call.handle(.offerCreated(sdp: "late")) == [])
        #expect(call.handle(.signaling(.closed(reason: "closed"))) == [.closePeer, .closeSignaling(afterFlushing: false), .finish(.left)])
    }
}
