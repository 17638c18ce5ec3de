import Foundation
import RTCBase
import KaamosWire
import Testing
@testable import ClientCore

/// What a call takes from `joined`'s ice_servers.
@Suite struct IceServerResolutionTests {
    static func servers(_ json: String) throws -> [ICEServer] {
        try JSONDecoder().decode([ICEServer].self, from: Data(json.utf8))
    }

    @Test func stunAndTURNOverEveryTransport() throws {
        let resolution = IceServerResolution(try Self.servers("""
            [{"urls": "stun:192.0.2.1:19302"},
             {"urls": ["turn:192.0.2.2", "turn:192.0.2.2?transport=tcp", "turns:localhost:5349"],
              "username": "1800000000:p1", "credential": "secret"}]
            """))
        #expect(resolution.problems.isEmpty, "\(resolution.problems)")
        #expect(resolution.stunServers == [TransportAddress(host: "192.0.2.1", port: 19302)!])
        let servers = resolution.endpoints.map(\.server)
        #expect(servers.map(\.transport.rawValue).prefix(2) == ["udp", "tcp"])
        #expect(servers.first?.address == TransportAddress(host: "192.0.2.2", port: 3478)!)
        #expect(servers.allSatisfy { $0.username == "1800000000:p1" && $0.password == "secret" })
        // turns: keeps the URL's host name for the certificate check.
        #expect(resolution.endpoints.contains { $0.server.transport.rawValue == "tls" && $0.host == "localhost" })
    }

    @Test func whatACallCannotUseIsSkippedWithAReason() throws {
        let resolution = IceServerResolution(try Self.servers("""
            [{"urls": "turn:192.0.2.2"},
             {"urls": "http://example.com", "username": "u", "credential": "c"},
             {"urls": "stuns:192.0.2.3"}]
            """))
        #expect(resolution.endpoints.isEmpty && resolution.stunServers.isEmpty)
        #expect(resolution.problems.count == 2)
        #expect(resolution.problems.contains { $0.contains("turn:192.0.2.2 comes without a username and credential") })
        #expect(resolution.problems.contains { $0.contains("http://example.com is not a STUN or TURN URL") })
    }
}
