import Glibc
import KaamosTestSupport
import RTCBase
import Synchronization
import Testing
@testable import RTCNetwork

/// Answers every piece of a stream with its bytes reversed, back to where it came from, and reports
/// the pieces and the streams that closed.
private final class ReversingEngine: DatagramEngine {
    enum Event: Equatable {
        case received(source: TransportAddress, destination: TransportAddress, payload: [UInt8])
        case closed(local: TransportAddress, remote: TransportAddress)
    }

    private var outputs: [EngineOutput<Event>] = []

    func handleDatagram(_ datagram: Datagram, now: Instant) {
        outputs.append(.event(.received(source: datagram.source, destination: datagram.destination, payload: datagram.payload)))
        outputs.append(.transmit(Datagram(source: datagram.destination, destination: datagram.source,
                                          payload: datagram.payload.reversed())))
    }

    func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant) {
        outputs.append(.event(.closed(local: local, remote: remote)))
    }

    func handleTimeout(now: Instant) {}
    func nextTimeout() -> Instant? { nil }
    func pollOutput() -> EngineOutput<Event>? { outputs.isEmpty ? nil : outputs.removeFirst() }
}

private func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
    _ = bytes.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, 0) }
}

private func receive(_ fd: Int32, count: Int) -> [UInt8] {
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while received.count < count, ConnectedSocket.wait(fd, for: POLLIN, timeout: .seconds(2)) {
        let length = chunk.withUnsafeMutableBufferPointer { recv(fd, $0.baseAddress, $0.count, 0) }
        guard length > 0 else { break }
        received += chunk.prefix(length)
    }
    return received
}

@Suite struct DatagramDriverLinkTests {
    @Test func carriesAStreamLinkBothWaysAndReportsItsEnd() async throws {
        let events = Mutex<[ReversingEngine.Event]>([])
        let driver = try DatagramDriver(engine: ReversingEngine(), bindingTo: [TransportAddress("127.0.0.1:0")!]) { event in
            events.withLock { $0.append(event) }
        }
        driver.start()
        defer { driver.stop() }
        let listener = LoopbackListener()
        let link = try TCPConnection(connectingTo: listener.address, timeout: .seconds(2))
        let server = listener.accept()
        defer { close(server) }
        driver.addLink(link)
        #expect(driver.linkAddresses.count == 1)

        // Stream bytes reach the engine as datagrams from the server to the link's local end, and
        // the engine's answer from that end to the server goes down the link.
        sendAll(server, [1, 2, 3, 4])
        #expect(receive(server, count: 4) == [4, 3, 2, 1])
        // Events reach the handler just after the lock is let go, so after the answer went out.
        _ = await eventually(timeout: .seconds(1), every: .milliseconds(5)) { !events.withLock { $0.isEmpty } }
        #expect(events.withLock { $0.first } == .received(source: listener.address, destination: link.localAddress, payload: [1, 2, 3, 4]))

        // The server closing the stream: the link is dropped and the engine told, once; the loop
        // does not spin on the dead descriptor.
        close(server)
        let closed = ReversingEngine.Event.closed(local: link.localAddress, remote: listener.address)
        _ = await eventually(timeout: .seconds(1), every: .milliseconds(5)) { events.withLock { $0.contains(closed) } }
        #expect(events.withLock { $0.filter { $0 == closed }.count } == 1)
        #expect(driver.linkAddresses.isEmpty)

        // UDP goes on as before.
        let client = try UDPSocket(binding: TransportAddress("127.0.0.1:0")!)
        client.send([7, 8], to: driver.localAddresses[0])
        var buffer = [UInt8](repeating: 0, count: 100)
        var echoed: (length: Int, source: TransportAddress)?
        _ = await eventually(timeout: .seconds(1), every: .milliseconds(5)) {
            echoed = client.receive(into: &buffer)
            return echoed != nil
        }
        #expect(echoed?.length == 2)
        #expect(Array(buffer.prefix(2)) == [8, 7])
    }
}
