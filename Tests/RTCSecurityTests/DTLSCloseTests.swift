import Testing
import RTCBase
@testable import RTCSecurity

@Suite struct DTLSCloseTests {
    @Test func closeNotifyReachesThePeer() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        link.runUntilSettled()
        #expect(link.server.isConnected)
        link.client.close()
        link.run(until: link.now + .milliseconds(100))
        #expect(link.events[.server]!.last == .closed)
        #expect(!link.server.isConnected)
        #expect(link.server.nextTimeout() == nil && link.client.nextTimeout() == nil)
        // Closed transports ignore what still arrives.
        link.server.handleDatagram([23, 254, 253, 0, 1], now: link.now)
        #expect(link.server.pollOutput() == nil)
    }

    @Test func serverCanCloseToo() throws {
        let link = try SimulatedDTLSLink.make()
        link.start()
        link.runUntilSettled()
        link.server.close()
        link.run(until: link.now + .milliseconds(100))
        #expect(link.events[.client]!.last == .closed)
    }
}
