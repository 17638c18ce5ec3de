import KaamosTestSupport
import RTCBase
import Synchronization
import Testing
@testable import RTCNetwork

/// Echoes every datagram back to its sender and reports what it saw.
private final class EchoEngine: DatagramEngine {
    typealias Event = [UInt8]
    private var outputs: [EngineOutput<[UInt8]>] = []

    func handleDatagram(_ datagram: Datagram, now: Instant) {
        outputs.append(.transmit(Datagram(source: datagram.destination, destination: datagram.source,
                                          payload: datagram.payload)))
        outputs.append(.event(datagram.payload))
    }

    func handleTimeout(now: Instant) {}
    func nextTimeout() -> Instant? { nil }
    func pollOutput() -> EngineOutput<[UInt8]>? { outputs.isEmpty ? nil : outputs.removeFirst() }
}

@Suite struct DatagramDriverTests {
    @Test func echoesOverLoopback() async throws {
        let received = Mutex<[[UInt8]]>([])
        let driver = try DatagramDriver(engine: EchoEngine(), bindingTo: [TransportAddress("127.0.0.1:0")!]) { payload in
            received.withLock { $0.append(payload) }
        }
        driver.start()
        defer { driver.stop() }
        let client = try UDPSocket(binding: TransportAddress("127.0.0.1:0")!)
        let server = driver.localAddresses[0]
        #expect(server.port != 0)
        client.send([1, 2, 3], to: server)
        var buffer = [UInt8](repeating: 0, count: 1500)
        var echoed: (length: Int, source: TransportAddress)?
        _ = await eventually(timeout: .seconds(1), every: .milliseconds(5)) {
            echoed = client.receive(into: &buffer)
            return echoed != nil
        }
        #expect(echoed?.length == 3)
        #expect(echoed?.source == server)
        #expect(Array(buffer[0..<3]) == [1, 2, 3])
        #expect(received.withLock { $0 } == [[1, 2, 3]])
    }

    @Test func bindingAnAddressThatIsNotOursFailsClearly() {
        #expect(throws: NetworkError.self) {
            _ = try UDPSocket(binding: TransportAddress("203.0.113.77:0")!)
        }
    }

    @Test func listsLoopback() {
        #expect(LocalInterfaces.usableAddresses().contains { $0.isLoopback })
    }
}
