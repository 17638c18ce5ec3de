import RTCBase
import RTCNetwork
import Testing

@Suite struct HostResolverTests {
    @Test func literalsNeedNoResolver() throws {
        #expect(try HostResolver.resolve("192.0.2.7", port: 3478) == [TransportAddress(host: "192.0.2.7", port: 3478)!])
        #expect(try HostResolver.resolve("[::1]", port: 5349) == [TransportAddress(host: "::1", port: 5349)!])
    }

    @Test func localhostResolvesThroughTheSystem() throws {
        let addresses = try HostResolver.resolve("localhost", port: 3478)
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0.ip.isLoopback && $0.port == 3478 })
    }

    @Test func anEmptyNameIsAClearError() {
        #expect(throws: NetworkError.self) { try HostResolver.resolve("", port: 3478) }
    }
}
