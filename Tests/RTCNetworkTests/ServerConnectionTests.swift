import Glibc
import RTCBase
import Testing
@testable import RTCNetwork

/// The connections a TURN client's driver uses, against local sockets.
@Suite struct ServerConnectionTests {
    @Test func connectedUDPExchangesDatagramsAndReportsRefusal() throws {
        let server = try UDPSocket(binding: TransportAddress("127.0.0.1:0")!)
        let connection = try ConnectedUDPSocket(connectingTo: server.localAddress)
        #expect(connection.localAddress.ip == .loopbackV4)
        #expect(!connection.isStream)
        try connection.send([1, 2, 3])
        var buffer = [UInt8](repeating: 0, count: 100)
        #expect(ConnectedSocket.wait(server.fileDescriptor, for: POLLIN, timeout: .seconds(2)))
        let received = try #require(server.receive(into: &buffer))
        #expect(Array(buffer.prefix(received.length)) == [1, 2, 3])
        #expect(received.source == connection.localAddress)
        server.send([4, 5], to: connection.localAddress)
        #expect(ConnectedSocket.wait(connection.fileDescriptor, for: POLLIN, timeout: .seconds(2)))
        #expect(try connection.receive() == [4, 5])
        #expect(try connection.receive() == nil)

        // A port whose socket is closed again: ICMP port unreachable comes back as an error.
        let closedPort = try UDPSocket(binding: TransportAddress("127.0.0.1:0")!).localAddress
        let refused = try ConnectedUDPSocket(connectingTo: closedPort)
        try refused.send([0])
        _ = ConnectedSocket.wait(refused.fileDescriptor, for: POLLIN, timeout: .seconds(2))
        do {
            _ = try refused.receive()
            Issue.record("no error from a closed port")
        } catch {
            #expect(error.description.contains("ICMP port unreachable"), "\(error)")
        }
    }

    @Test func tcpConnectionRefusedIsOneSentence() {
        let port = (try? UDPSocket(binding: TransportAddress("127.0.0.1:0")!).localAddress.port) ?? 9
        do {
            _ = try TCPConnection(connectingTo: TransportAddress(ip: .loopbackV4, port: port), timeout: .seconds(2))
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.description.contains("cannot connect to 127.0.0.1:\(port) over tcp"), "\(error)")
        }
    }

    @Test func tcpConnectionCarriesAStreamBothWays() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        listen(listener, 1)
        let port = UInt16(bigEndian: address.sin_port)

        let connection = try TCPConnection(connectingTo: TransportAddress(ip: .loopbackV4, port: port), timeout: .seconds(2))
        #expect(connection.isStream)
        let accepted = accept(listener, nil, nil)
        defer { close(accepted) }
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        try connection.send(payload)
        var echoed: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while echoed.count < payload.count {
            let count = chunk.withUnsafeMutableBufferPointer { recv(accepted, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            echoed += chunk.prefix(count)
        }
        #expect(echoed == payload)
        _ = [UInt8]([9, 8, 7]).withUnsafeBufferPointer { send(accepted, $0.baseAddress, 3, 0) }
        #expect(ConnectedSocket.wait(connection.fileDescriptor, for: POLLIN, timeout: .seconds(2)))
        #expect(try connection.receive() == [9, 8, 7])
        close(accepted)
        _ = ConnectedSocket.wait(connection.fileDescriptor, for: POLLIN, timeout: .seconds(2))
        #expect(throws: NetworkError.self) { _ = try connection.receive() }
    }
}
