import KaamosWire
import RTC
import RTCBase
import Testing
@testable import ClientCore

/// The server closing the signaling socket: the closes that end our place in the room end the
/// call, every other one is rejoined with backoff like a connection that broke (issue 13: a
/// congested link made the server close with 1001 "Ping timeout", and the call died).
@Suite struct CallMachineServerCloseTests {
    typealias Harness = CallMachineHarness

    static func closed(_ code: UInt16, _ reason: String?) -> CallMachineEvent {
        let frame = SignalingCloseFrame(code: code, reason: reason)
        return .signaling(.closed(reason: "the server closed the connection (\(frame))", frame: frame))
    }

    @Test(arguments: [
        (UInt16(1001), "Ping timeout" as String?),
        (1001, "server shutting down"),
        (1011, nil),
        (1011, "internal error"),
        (1008, "join timeout"),
        (1008, "server-shutting-down"),
        (1002, nil),
        (4000, "something new"),
        // What a server whose tasks are cancelled sends (EmbeddedServer.stop()).
        (1000, nil),
    ])
    func closesThatDoNotEndOurPlaceAreRejoinedWithBackoff(_ code: UInt16, _ reason: String?) {
        var call = Harness()
        call.joinAndConnect()
        call.now = .seconds(30)
        let text = "the server closed the connection (\(SignalingCloseFrame(code: code, reason: reason)))"
        #expect(call.handle(Self.closed(code, reason)) == [.closePeer, .closeSignaling(afterFlushing: false)])
        #expect(call.state.phase == .reconnecting(attempt: 1, inSeconds: 1))
        #expect(call.state.notices == ["Connection lost (\(text)); rejoining in 1 s…"])
        #expect(call.fireDeadline() == [.openSignaling])
        #expect(call.now == .seconds(31))
        #expect(call.state.rejoins == 1)
        // The rejoin is a whole join: the socket, then a new offer.
        #expect(call.handle(.signaling(.opened)) == [
            .send(.join(roomID: "room1", userID: "u1", name: "alice")),
            .createPeerAndOffer(audioEnabled: true, videoEnabled: true),
        ])
    }

    @Test func aPingTimeoutIsSaidInTheNoticeWithItsCode() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(Self.closed(1001, "Ping timeout"))
        #expect(call.state.notices == [
            "Connection lost (the server closed the connection (1001 going away: Ping timeout)); rejoining in 1 s…",
        ])
    }

    @Test(arguments: [
        (UInt16(1000), "kicked" as String?, CallEnd.kicked(reason: nil)),
        (1000, "closed by admin", .roomClosed(reason: "closed by admin")),
        (1000, "expired", .roomClosed(reason: "expired")),
        (1008, "room-full", .roomFull),
        (1008, "room-not-found", .roomNotFound),
        (1008, "banned", .kicked(reason: "banned from this room for now")),
    ])
    func closesThatEndOurPlaceEndTheCall(_ code: UInt16, _ reason: String?, _ end: CallEnd) {
        var call = Harness()
        call.joinAndConnect()
        #expect(call.handle(Self.closed(code, reason)) == [.closePeer, .closeSignaling(afterFlushing: false), .finish(end)])
        #expect(call.state.phase == .ended(end))
        #expect(call.machine.nextDeadline == nil)
    }

    @Test func aKickMessageBeforeItsCloseEndsTheCallWithTheReason() {
        var call = Harness()
        call.joinAndConnect()
        #expect(call.handle(.signaling(.message(.kicked(reason: "removed by admin")))).last == .finish(.kicked(reason: "removed by admin")))
        // The close that follows changes nothing.
        #expect(call.handle(Self.closed(1000, "kicked")) == [])
        #expect(call.state.phase == .ended(.kicked(reason: "removed by admin")))
    }

    @Test func aRoomFullRefusalOnARejoinStillEndsTheCall() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(Self.closed(1001, "Ping timeout"))
        call.fireDeadline()
        call.handle(.signaling(.opened))
        #expect(call.handle(.signaling(.message(.error(SignalingError(.roomFull, "The room is full."))))).last == .finish(.roomFull))
    }

    @Test func ourOwnLeaveIsNotRejoined() {
        var call = Harness()
        call.joinAndConnect()
        call.handle(.leave)
        #expect(call.handle(Self.closed(1000, "left")) == [.closePeer, .closeSignaling(afterFlushing: false), .finish(.left)])
    }

    @Test func withRejoiningOffARetryableCloseNeverSaysItGaveUpAfterZeroAttempts() {
        var call = Harness(reconnectAttempts: 0)
        call.joinAndConnect()
        let actions = call.handle(Self.closed(1001, "Ping timeout"))
        #expect(actions.last == .finish(.failed("the server closed the connection (1001 going away: Ping timeout) (rejoining is off)")))
        #expect(!call.takeLog().contains { $0.contains("gave up after 0 attempts") })
    }

    @Test func repeatedPingTimeoutsBackOffLikeDrops() {
        var call = Harness(reconnectAttempts: 3)
        call.joinAndConnect()
        var waits: [Double] = []
        for _ in 0..<3 {
            let start = call.now
            call.handle(Self.closed(1001, "Ping timeout"))
            while call.machine.stage != .connecting { call.fireDeadline() }
            waits.append((call.now - start).milliseconds / 1000)
            call.handle(.signaling(.opened))
            call.handle(.offerCreated(sdp: "offer"))
        }
        #expect(waits == [1, 2, 4])
        #expect(call.state.rejoins == 3)
        #expect(call.handle(Self.closed(1001, "Ping timeout")).last
            == .finish(.failed("the server closed the connection (1001 going away: Ping timeout); gave up after 3 attempts to rejoin")))
    }

    @Test func closeFramesDescribeThemselves() {
        #expect(SignalingCloseFrame(code: 1001, reason: "Ping timeout").description == "1001 going away: Ping timeout")
        #expect(SignalingCloseFrame(code: 1011, reason: "").description == "1011 server error")
        #expect(SignalingCloseFrame(code: 4321).description == "4321")
    }
}
