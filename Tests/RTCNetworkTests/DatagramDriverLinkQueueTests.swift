import Glibc
import RTCBase
import Testing
@testable import RTCNetwork

/// Sends whatever the test hands it down one link; ignores what comes back.
private final class SendingEngine: DatagramEngine {
    private var outputs: [EngineOutput<Never>] = []

    func transmit(_ payload: [UInt8], from source: TransportAddress, to destination: TransportAddress) {
        outputs.append(.transmit(Datagram(source: source, destination: destination, payload: payload)))
    }

    func handleDatagram(_ datagram: Datagram, now: Instant) {}
    func handleTimeout(now: Instant) {}
    func nextTimeout() -> Instant? { nil }
    func pollOutput() -> EngineOutput<Never>? { outputs.isEmpty ? nil : outputs.removeFirst() }
}

/// Message `sequence` of `length` bytes: the sequence and the length (big-endian, 4 bytes each),
/// then filler derived from the sequence, so a message cut or spliced shows.
private func message(_ sequence: UInt32, length: Int) -> [UInt8] {
    var bytes = withUnsafeBytes(of: sequence.bigEndian, Array.init) + withUnsafeBytes(of: UInt32(length).bigEndian, Array.init)
    bytes += (8..<length).map { UInt8(truncatingIfNeeded: Int(sequence) &* 31 &+ $0) }
    return bytes
}

/// Splits a stream of `message(_:length:)`s back into sequences; nil when one is cut or corrupt.
private func sequences(in stream: [UInt8]) -> [UInt32]? {
    var found: [UInt32] = []
    var offset = 0
    while offset < stream.count {
        guard stream.count - offset >= 8 else { return nil }
        let sequence = stream[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let length = Int(stream[offset + 4..<offset + 8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length >= 8, stream.count - offset >= length,
              Array(stream[offset..<offset + length]) == message(sequence, length: length) else { return nil }
        found.append(sequence)
        offset += length
    }
    return found
}

private func setBufferSize(_ fd: Int32, _ option: Int32, _ size: Int32) {
    var value = size
    _ = setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<Int32>.size))
}

@Suite struct DatagramDriverLinkQueueTests {
    /// A server that stops reading: sends on its link return at once, the queue stays within its
    /// bound and the messages that did not fit are dropped whole and counted; once the server reads
    /// again, every message that was queued arrives intact and in order.
    @Test func sendsToAServerThatDoesNotReadNeverBlock() throws {
        let driver = try DatagramDriver(engine: SendingEngine(), bindingTo: [TransportAddress("127.0.0.1:0")!]) { _ in }
        driver.start()
        defer { driver.stop() }
        // Small socket buffers on both ends, so the kernel holds little and the queue fills fast.
        let listener = LoopbackListener(receiveBufferSize: 16_384)
        let link = try TCPConnection(connectingTo: listener.address, timeout: .seconds(2))
        setBufferSize(link.fileDescriptor, SO_SNDBUF, 16_384)
        let server = listener.accept()
        defer { close(server) }
        driver.addLink(link)

        let count: UInt32 = 400
        let length = 16_000
        let messages = (0..<count).map { message($0, length: length) }
        var slowest = Duration.zero
        let clock = ContinuousClock()
        let total = clock.measure {
            for payload in messages {
                let one = clock.measure {
                    driver.withEngine { engine, _ in engine.transmit(payload, from: link.localAddress, to: link.remoteAddress) }
                }
                slowest = max(slowest, one)
            }
        }
        print("DatagramDriverLinkQueueTests: \(count) sends of \(length) bytes took \(total), slowest \(slowest); dropped \(driver.droppedLinkMessages), queued \(driver.queuedLinkBytes) bytes")
        #expect(total < .milliseconds(100))
        #expect(driver.queuedLinkBytes <= DatagramDriver<SendingEngine>.defaultLinkQueueLimit)
        let dropped = driver.droppedLinkMessages
        #expect(dropped > 0)
        #expect(driver.linkAddresses.count == 1)

        // The server reads: what was queued follows, whole messages in order.
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let expectedBytes = (Int(count) - dropped) * length
        while received.count < expectedBytes, ConnectedSocket.wait(server, for: POLLIN, timeout: .seconds(2)) {
            let got = chunk.withUnsafeMutableBufferPointer { recv(server, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { break }
            received += chunk.prefix(got)
        }
        #expect(received.count == expectedBytes)
        let parsed = sequences(in: received)
        let arrived = try #require(parsed, "a message arrived cut or corrupt")
        #expect(arrived.count == Int(count) - dropped)
        #expect(arrived == arrived.sorted())
        #expect(arrived.first == 0)
        #expect(driver.queuedLinkBytes == 0)
    }
}
