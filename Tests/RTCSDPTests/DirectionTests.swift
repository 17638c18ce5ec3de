import Testing
@testable import RTCSDP

@Suite struct DirectionTests {
    @Test(arguments: Direction.allCases)
    func reversedTwiceIsIdentity(_ direction: Direction) {
        #expect(direction.reversed.reversed == direction)
        #expect(direction.reversed.sends == direction.receives)
    }

    @Test func answerTable() {
        // RFC 3264 §6.1: offered direction (reversed) narrowed by what we want.
        #expect(Direction.sendrecv.intersection(Direction.sendonly.reversed) == .recvonly)
        #expect(Direction.sendrecv.intersection(Direction.recvonly.reversed) == .sendonly)
        #expect(Direction.recvonly.intersection(Direction.recvonly.reversed) == .inactive)
        #expect(Direction.sendrecv.intersection(Direction.inactive.reversed) == .inactive)
        for a in Direction.allCases {
            for b in Direction.allCases {
                #expect(a.intersection(b) == b.intersection(a))
            }
        }
    }

    @Test func setupAnswers() {
        #expect(SetupRole.actpass.answer == .active)
        #expect(SetupRole.passive.answer == .active)
        #expect(SetupRole.active.answer == .passive)
        #expect(SetupRole.holdconn.answer == .holdconn)
    }
}
