import KaamosServer
import Testing

@Suite struct MediaRouterWiringTests {
    @Test func nullRouterRefusesOffersClearly() {
        #expect(throws: (any Error).self) { try NullMediaRouter().handleOffer(participantID: "p", sdp: "v=0") }
    }
}
